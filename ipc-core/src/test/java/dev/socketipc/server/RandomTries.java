package dev.socketipc.server;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Seeds and generators for the randomized property tests (each one a
 * {@code @ParameterizedTest} over {@link #seeds(int)}, one try per seed, its inputs drawn
 * from a {@link SplittableRandom} built on that seed).
 *
 * <p>
 * Try {@code i} uses the seed {@code base + i}, where the base is
 * {@link #DEFAULT_BASE_SEED} unless the system property {@value #SEED_PROPERTY} sets it,
 * so every run draws the same inputs. A failing try names its seed: run with
 * {@code -Dipc.test.seed=<that seed>} and the first try draws the same inputs again.
 *
 * <p>
 * The generators mix in edge cases (bounds, zero, empty and full sizes) and favour small
 * values and sizes, besides uniform draws.
 */
final class RandomTries {

	static final String SEED_PROPERTY = "ipc.test.seed";

	static final long DEFAULT_BASE_SEED = 20_240_605L;

	/** One draw in this many is an edge case. */
	private static final int EDGE_ONE_IN = 16;

	private RandomTries() {
	}

	/** The seeds of {@code tries} tries: the base seed, then each following number. */
	static LongStream seeds(int tries) {
		long base = baseSeed();
		return LongStream.range(0, tries).map((index) -> base + index);
	}

	static long baseSeed() {
		String value = System.getProperty(SEED_PROPERTY);
		if (value == null || value.isBlank()) {
			return DEFAULT_BASE_SEED;
		}
		try {
			return Long.decode(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a long, got '" + value + "'", ex);
		}
	}

	/**
	 * Runs one try, rethrowing its failure as an {@link AssertionError} that names the
	 * seed and the inputs, the original failure as its cause.
	 */
	static void check(long seed, Supplier<String> input, Runnable property) {
		try {
			property.run();
		}
		catch (AssertionError | RuntimeException failure) {
			throw new AssertionError("try with seed " + seed + " failed (reproduce with -D" + SEED_PROPERTY + "=" + seed
					+ "): " + failure.getMessage() + "\ninput: " + input.get(), failure);
		}
	}

	/** An int in {@code [min, max]}, drawn as {@link #longBetween} does. */
	static int intBetween(SplittableRandom random, int min, int max) {
		return (int) longBetween(random, min, max);
	}

	/**
	 * A long in {@code [min, max]} (both within {@code ±2^62}): now and then an edge case
	 * ({@code min}, {@code max} or the value of the range nearest 0), else half the time
	 * uniform over the range and half the time near that value, within a distance whose
	 * number of bits is uniform, so that small values and short inputs come often.
	 */
	static long longBetween(SplittableRandom random, long min, long max) {
		long target = Math.max(min, Math.min(max, 0));
		int pick = random.nextInt(EDGE_ONE_IN);
		if (pick == 0) {
			return switch (random.nextInt(3)) {
				case 0 -> min;
				case 1 -> max;
				default -> target;
			};
		}
		if (pick <= EDGE_ONE_IN / 2) {
			return random.nextLong(min, max + 1);
		}
		int bits = 64 - Long.numberOfLeadingZeros(max - min);
		long radius = 1L << random.nextInt(bits + 1);
		long low = (target - min <= radius) ? min : target - radius;
		long high = (max - target <= radius) ? max : target + radius;
		return random.nextLong(low, high + 1);
	}

	/**
	 * A collection size in {@code [min, max]}, drawn as {@link #longBetween} does: small
	 * sizes come often.
	 */
	static int size(SplittableRandom random, int min, int max) {
		return intBetween(random, min, max);
	}

	/** Any byte, each value as likely. */
	static byte anyByte(SplittableRandom random) {
		return (byte) random.nextInt(256);
	}

	/** One of the values, each as likely. */
	static <T> T oneOf(SplittableRandom random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

}
