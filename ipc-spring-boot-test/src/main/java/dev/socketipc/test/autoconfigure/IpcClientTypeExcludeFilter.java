package dev.socketipc.test.autoconfigure;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Excludes every scanned component from an {@link IpcClientTest @IpcClientTest}: the
 * {@code @IpcClient} interfaces are not components, the slice registers them itself.
 */
final class IpcClientTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<IpcClientTest> {

	IpcClientTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}

}
