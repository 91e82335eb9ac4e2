package dev.socketipc.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A client of the catalog (ours or gRPC's) as the payload cell drives it through
 * {@link ClientLoad}: blocking and asynchronous {@code save} and {@code get}, each answer
 * compared with {@code equals} to what was stored.
 */
interface PayloadClient extends AutoCloseable {

	/**
	 * What {@link ClientLoad} counts as a right answer (it was written for {@code add},
	 * whose right answer is 15): a payload call yields it once its answer equals the
	 * expected record, and fails the run otherwise.
	 */
	int RIGHT = 15;

	Catalog.Item save(Catalog.Item item) throws Exception;

	Catalog.Document get(String id) throws Exception;

	CompletableFuture<Catalog.Item> saveAsync(Catalog.Item item);

	CompletableFuture<Catalog.Document> getAsync(String id);

	String put(Catalog.Document document) throws Exception;

	@Override
	void close();

	/**
	 * Puts every document of {@link PayloadData} (one call each).
	 * @param who the client and server, for the message of a wrong answer
	 */
	default void putDocuments(String who) throws Exception {
		for (Catalog.Document document : PayloadData.DOCUMENTS_STORED) {
			String id = put(document);
			if (!document.id().equals(id)) {
				throw new WrongAnswerException(who + ": put(" + document.id() + ") answered " + id);
			}
		}
	}

	/**
	 * Blocking calls of one method from {@code threads} threads.
	 * @param method {@code save} or {@code get}
	 * @return calls per second over the window
	 */
	default double sync(String who, String method, int threads, Duration warmup, Duration window) {
		String what = who + ", " + method + ", sync x" + threads;
		List<Catalog.Document> documents = PayloadData.DOCUMENTS_STORED;
		return ClientLoad.sync(what, threads, () -> {
			if (method.equals("save")) {
				return checked(what, save(PayloadData.ITEM), PayloadData.ITEM);
			}
			Catalog.Document expected = documents.get(ThreadLocalRandom.current().nextInt(documents.size()));
			return checked(what, get(expected.id()), expected);
		}, warmup, window);
	}

	/**
	 * Asynchronous calls of one method, {@code inFlight} at a time.
	 * @param method {@code save} or {@code get}
	 * @return calls per second over the window
	 */
	default double async(String who, String method, int inFlight, Duration warmup, Duration window) {
		String what = who + ", " + method + ", async x" + inFlight;
		List<Catalog.Document> documents = PayloadData.DOCUMENTS_STORED;
		return ClientLoad.async(what, inFlight, (onResult, onFailure) -> {
			if (method.equals("save")) {
				complete(what, saveAsync(PayloadData.ITEM), PayloadData.ITEM, onResult, onFailure);
			}
			else {
				Catalog.Document expected = documents.get(ThreadLocalRandom.current().nextInt(documents.size()));
				complete(what, getAsync(expected.id()), expected, onResult, onFailure);
			}
		}, warmup, window);
	}

	private static int checked(String what, Object answer, Object expected) {
		if (!expected.equals(answer)) {
			throw new WrongAnswerException(what + ": the answer differs from the record stored: " + answer);
		}
		return RIGHT;
	}

	private static <T> void complete(String what, CompletableFuture<T> call, T expected, IntConsumer onResult,
			Consumer<Throwable> onFailure) {
		call.whenComplete((answer, failure) -> {
			if (failure != null) {
				onFailure.accept(failure);
			}
			else if (!expected.equals(answer)) {
				onFailure
					.accept(new WrongAnswerException(what + ": the answer differs from the record stored: " + answer));
			}
			else {
				onResult.accept(RIGHT);
			}
		});
	}

}
