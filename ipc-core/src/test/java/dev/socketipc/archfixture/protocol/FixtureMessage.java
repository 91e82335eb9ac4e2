package dev.socketipc.archfixture.protocol;

/**
 * A protocol message of the broken fixture, used by its transport class.
 */
public class FixtureMessage {

}
