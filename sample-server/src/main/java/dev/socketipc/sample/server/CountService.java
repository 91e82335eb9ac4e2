package dev.socketipc.sample.server;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.socketipc.autoconfigure.IpcService;

/**
 * A streaming method: {@code count(n)} produces 1, 2, ... n. A caller that asks for a
 * stream ({@code "stream":true}) gets each number as a {@code next} line, produced as
 * fast as its connection takes them; a seed client gets them all in one array, up to
 * {@code ipc.server.max-stream-items}.
 */
@IpcService
public class CountService {

	/**
	 * Counts from 1 to {@code n}, lazily: nothing is produced ahead of the connection,
	 * and a cancelled call stops counting.
	 * @param n the last number, at least 0
	 * @return the numbers
	 */
	public Stream<Integer> count(int n) {
		if (n < 0) {
			throw new IllegalArgumentException("count(n) needs n >= 0, not " + n);
		}
		return IntStream.rangeClosed(1, n).boxed();
	}

}
