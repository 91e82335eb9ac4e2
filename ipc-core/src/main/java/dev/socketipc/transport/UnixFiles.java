package dev.socketipc.transport;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import com.sun.security.auth.module.UnixSystem;

/**
 * What the socket-file rules read from the file system: an entry's own type, owner, mode
 * and links (never those of a symbolic link's target), and the user this process runs as.
 */
final class UnixFiles {

	static final int S_IFMT = 0170000;

	static final int S_IFREG = 0100000;

	static final int S_IFDIR = 0040000;

	static final int S_IFSOCK = 0140000;

	static final int S_IFLNK = 0120000;

	/** The group and other bits of a mode. */
	static final int GROUP_AND_OTHER = 0077;

	private UnixFiles() {
	}

	/**
	 * Tells whether the file system knows Unix owners and modes; the checks that need
	 * them are skipped otherwise.
	 */
	static boolean supported() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
	}

	/** Returns the uid this process runs as: the owner of the files it creates. */
	static long currentUid() {
		return CurrentUid.VALUE;
	}

	/**
	 * Reads the entry's own attributes, not following a symbolic link.
	 * @return {@code mode}, {@code uid}, {@code nlink}, {@code ino} and {@code dev}
	 * @throws UnsupportedOperationException on a file system without the {@code unix}
	 * view
	 */
	static Map<String, Object> attributes(Path path) throws IOException {
		return java.nio.file.Files.readAttributes(path, "unix:mode,uid,nlink,ino,dev", LinkOption.NOFOLLOW_LINKS);
	}

	static int mode(Map<String, Object> attributes) {
		return (Integer) attributes.get("mode");
	}

	static long uid(Map<String, Object> attributes) {
		return ((Number) attributes.get("uid")).longValue();
	}

	static long links(Map<String, Object> attributes) {
		return ((Number) attributes.get("nlink")).longValue();
	}

	/** Tells whether two attribute reads saw the same file (device and inode). */
	static boolean sameFile(Map<String, Object> a, Map<String, Object> b) {
		return a.get("dev").equals(b.get("dev")) && a.get("ino").equals(b.get("ino"));
	}

	/** Names an entry's type for messages: "a symbolic link", "a directory", ... */
	static String describeType(int mode) {
		return switch (mode & S_IFMT) {
			case S_IFREG -> "a regular file";
			case S_IFDIR -> "a directory";
			case S_IFLNK -> "a symbolic link";
			case S_IFSOCK -> "a socket";
			case 0010000 -> "a named pipe";
			case 0020000, 0060000 -> "a device";
			default -> "an unknown kind of file";
		};
	}

	/** Formats the permission bits of a mode as {@code rwx------}. */
	static String permissions(int mode) {
		String letters = "rwxrwxrwx";
		StringBuilder text = new StringBuilder(9);
		for (int i = 0; i < 9; i++) {
			text.append(((mode >> (8 - i)) & 1) != 0 ? letters.charAt(i) : '-');
		}
		return text.toString();
	}

	/**
	 * Read on first use only: the class that tells it exists on Unix-like systems only.
	 */
	private static final class CurrentUid {

		static final long VALUE = new UnixSystem().getUid();

	}

}
