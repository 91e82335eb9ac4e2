package dev.socketipc.autoconfigure.loadbalancer;

/**
 * What the test instances serve: their {@code IpcServer}s expose this interface of
 * {@link TaggedCalc} only.
 */
public interface CalcMethods {

	String echo(String text);

	String hold(String text) throws InterruptedException;

	String holdAgain(String text) throws InterruptedException;

	String holdIdempotent(String text) throws InterruptedException;

	String fail(String text);

}
