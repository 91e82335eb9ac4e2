package dev.socketipc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.socketipc.autoconfigure.IpcServerAutoConfiguration;
import dev.socketipc.server.IpcServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks, on the compiled classes, that the IPC core (protocol, transports, server, client) runs without Spring: no
 * class of those packages, nor any project class they use, refers to {@code org.springframework} in its constant
 * pool (types, method and field descriptors, generic signatures, annotations), and none refers to the
 * auto-configuration.
 */
class ArchitectureTest {

	private static final List<String> CORE_PACKAGES = List.of("dev/socketipc/protocol", "dev/socketipc/transport",
			"dev/socketipc/server", "dev/socketipc/client");

	private static final Pattern SPRING_TYPE = Pattern.compile("org/springframework/[\\w/$]+");

	private static final Pattern PROJECT_TYPE = Pattern.compile("dev/socketipc/[\\w/$]+");

	private static final String AUTOCONFIGURE_PACKAGE = "dev/socketipc/autoconfigure/";

	@Test
	void coreClassesAndTheProjectClassesTheyUseDoNotReferenceSpring() throws IOException {
		Map<String, Set<String>> violations = new TreeMap<>();
		Map<String, String> reachedFrom = coreClassesWithTheirProjectDependencies();
		for (String className : reachedFrom.keySet()) {
			Set<String> spring = matches(SPRING_TYPE, constantPoolStrings(classFile(className)));
			if (!spring.isEmpty()) {
				violations.put(path(className, reachedFrom), spring);
			}
		}
		assertThat(violations).as("Spring types referenced from the Spring-free core").isEmpty();
	}

	@Test
	void coreClassesDoNotReferenceTheAutoConfiguration() throws IOException {
		Map<String, Set<String>> violations = new TreeMap<>();
		for (String className : coreClasses()) {
			Set<String> autoconfigure = new TreeSet<>();
			for (String type : matches(PROJECT_TYPE, constantPoolStrings(classFile(className)))) {
				if (type.startsWith(AUTOCONFIGURE_PACKAGE)) {
					autoconfigure.add(type);
				}
			}
			if (!autoconfigure.isEmpty()) {
				violations.put(className, autoconfigure);
			}
		}
		assertThat(violations).as("auto-configuration types referenced from the core").isEmpty();
	}

	@Test
	void scanCoversEveryCorePackageThatExists() throws IOException {
		List<String> classes = coreClasses();
		assertThat(classes).anyMatch((name) -> name.startsWith("dev/socketipc/protocol/"))
			.anyMatch((name) -> name.startsWith("dev/socketipc/transport/"))
			.anyMatch((name) -> name.startsWith("dev/socketipc/server/"))
			.contains("dev/socketipc/server/IpcServer");
		assertThat(coreClassesWithTheirProjectDependencies()).containsKey("dev/socketipc/annotation/IpcMethod");
	}

	@Test
	void scanFindsTheSpringReferencesOfTheAutoConfiguration() throws IOException {
		assertThat(matches(SPRING_TYPE, constantPoolStrings(classFile(internalName(IpcServerAutoConfiguration.class)))))
			.contains("org/springframework/boot/autoconfigure/AutoConfiguration",
					"org/springframework/beans/factory/ObjectProvider");
		assertThat(matches(SPRING_TYPE, constantPoolStrings(classFile("dev/socketipc/autoconfigure/IpcServices"))))
			.contains("org/springframework/aop/support/AopUtils");
		assertThat(matches(SPRING_TYPE, constantPoolStrings(classFile("dev/socketipc/annotation/IpcService"))))
			.contains("org/springframework/stereotype/Component");
	}

	private static List<String> coreClasses() throws IOException {
		Path root = classesRoot();
		List<String> classes = new ArrayList<>();
		for (String pkg : CORE_PACKAGES) {
			Path directory = root.resolve(pkg);
			if (!Files.isDirectory(directory)) {
				continue;
			}
			try (Stream<Path> files = Files.walk(directory)) {
				files.filter((file) -> file.toString().endsWith(".class"))
					.map((file) -> root.relativize(file).toString().replace('\\', '/'))
					.map((name) -> name.substring(0, name.length() - ".class".length()))
					.sorted()
					.forEach(classes::add);
			}
		}
		return classes;
	}

	/**
	 * The core classes and every project class they reach, directly or not: a core class using, say, an annotation
	 * of the project that is meta-annotated with a Spring annotation drags Spring in as surely as a direct import.
	 * @return each class mapped to the class it was first reached from ({@code null} for core classes)
	 */
	private static Map<String, String> coreClassesWithTheirProjectDependencies() throws IOException {
		Map<String, String> reachedFrom = new TreeMap<>();
		Deque<String> toVisit = new ArrayDeque<>();
		for (String className : coreClasses()) {
			reachedFrom.put(className, null);
			toVisit.add(className);
		}
		while (!toVisit.isEmpty()) {
			String className = toVisit.pop();
			for (String type : matches(PROJECT_TYPE, constantPoolStrings(classFile(className)))) {
				if (!reachedFrom.containsKey(type) && Files.isRegularFile(classFile(type))) {
					reachedFrom.put(type, className);
					toVisit.add(type);
				}
			}
		}
		return reachedFrom;
	}

	/** Describes how a class was reached from the core, such as {@code server/A -> annotation/B}. */
	private static String path(String className, Map<String, String> reachedFrom) {
		List<String> path = new ArrayList<>();
		for (String current = className; current != null; current = reachedFrom.get(current)) {
			path.add(0, current);
		}
		return String.join(" -> ", path);
	}

	private static Path classesRoot() {
		try {
			Path root = Path.of(IpcServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			assertThat(root).as("the main classes are a directory").isDirectory();
			return root;
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path classFile(String internalName) {
		return classesRoot().resolve(internalName + ".class");
	}

	private static String internalName(Class<?> type) {
		return type.getName().replace('.', '/');
	}

	private static Set<String> matches(Pattern pattern, List<String> strings) {
		Set<String> found = new TreeSet<>();
		for (String string : strings) {
			Matcher matcher = pattern.matcher(string);
			while (matcher.find()) {
				found.add(matcher.group());
			}
		}
		return found;
	}

	/**
	 * Reads the UTF-8 entries of a class file's constant pool: every class, descriptor, signature and annotation
	 * type the class refers to is spelled there, in internal form ({@code org/springframework/...}).
	 */
	private static List<String> constantPoolStrings(Path classFile) throws IOException {
		List<String> strings = new ArrayList<>();
		try (InputStream stream = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(stream)) {
			assertThat(in.readInt()).as("magic of %s", classFile).isEqualTo(0xCAFEBABE);
			in.readUnsignedShort();
			in.readUnsignedShort();
			int count = in.readUnsignedShort();
			for (int index = 1; index < count; index++) {
				int tag = in.readUnsignedByte();
				switch (tag) {
					case 1 -> strings.add(in.readUTF());
					case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
					case 15 -> in.skipNBytes(3);
					case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
					case 5, 6 -> {
						in.skipNBytes(8);
						index++;
					}
					default -> throw new IllegalStateException(
							"Unknown constant pool tag " + tag + " at index " + index + " of " + classFile);
				}
			}
		}
		return strings;
	}

}
