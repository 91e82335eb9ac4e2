package dev.socketipc.server;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import dev.socketipc.annotation.IpcMethod;
import dev.socketipc.protocol.ArgumentReader;
import dev.socketipc.protocol.ErrorCode;
import dev.socketipc.protocol.RawJson;
import dev.socketipc.protocol.WireCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exposed method, parsed once at startup: its wire name, the target to invoke, the
 * codec that binds its arguments and the Jackson types they convert to. Thread-safe, and
 * immutable but for the size of its last answer, kept to size the next one's buffer.
 */
final class ServiceMethod {

	private final String name;

	private final Object target;

	private final Method declared;

	private final Method invocable;

	private final JavaType[] parameterTypes;

	private final String[] parameterNames;

	private final JavaType varargType;

	private final int fixedCount;

	private final boolean direct;

	private final boolean streaming;

	private final WireCodec codec;

	/**
	 * The size of the method's last answer line, where the next one's buffer starts;
	 * written by whichever thread answered, a stale value is only a worse guess.
	 */
	private int answerSize;

	ServiceMethod(String name, Object target, Method declared, Method invocable, WireCodec codec) {
		this.name = name;
		this.codec = codec;
		JsonMapper mapper = codec.mapper();
		this.target = target;
		this.declared = declared;
		this.invocable = invocable;
		this.invocable.trySetAccessible();
		Parameter[] parameters = declared.getParameters();
		this.parameterTypes = new JavaType[parameters.length];
		this.parameterNames = new String[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			this.parameterTypes[i] = mapper.constructType(parameters[i].getParameterizedType());
			this.parameterNames[i] = parameters[i].getName();
		}
		boolean varargs = declared.isVarArgs();
		this.fixedCount = varargs ? parameters.length - 1 : parameters.length;
		this.varargType = varargs ? this.parameterTypes[parameters.length - 1].getContentType() : null;
		this.direct = isDirect(declared);
		this.streaming = Publishers.isStreaming(declared.getReturnType());
	}

	private static boolean isDirect(Method method) {
		IpcMethod annotation = method.getAnnotation(IpcMethod.class);
		IpcMethod.Dispatch dispatch = (annotation != null) ? annotation.dispatch() : IpcMethod.Dispatch.AUTO;
		return switch (dispatch) {
			case DIRECT -> true;
			case EXECUTOR -> false;
			case AUTO -> CompletionStage.class.isAssignableFrom(method.getReturnType());
		};
	}

	/**
	 * Tells whether the method runs on the I/O thread rather than the executor.
	 */
	boolean isDirect() {
		return this.direct;
	}

	/**
	 * Tells whether the method streams items: it returns a {@code Flow.Publisher}, an
	 * {@code org.reactivestreams.Publisher} (Reactor's {@code Flux}) or a {@code Stream}.
	 */
	boolean isStreaming() {
		return this.streaming;
	}

	String name() {
		return this.name;
	}

	/** The size of the method's last answer line in bytes, {@code 0} before the first. */
	int answerSize() {
		return this.answerSize;
	}

	void answerSize(int bytes) {
		if (bytes != this.answerSize) {
			this.answerSize = bytes;
		}
	}

	/**
	 * Describes the Java method for messages, such as {@code CalcService.add(int...)}.
	 */
	String describe() {
		return describe(this.declared);
	}

	static String describe(Method method) {
		String parameters = Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		if (method.isVarArgs()) {
			parameters = parameters.substring(0, parameters.length() - 2) + "...";
		}
		return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + parameters + ")";
	}

	/**
	 * Binds the {@code args} array to the method's parameters, each element straight from
	 * its bytes to its parameter type, spreading trailing elements into a varargs array.
	 * @param args the JSON arguments, {@code null} for none
	 * @throws CallException with {@link ErrorCode#INVALID_ARGUMENTS} naming the parameter
	 * at fault, whatever the conversion threw (a Jackson error, or anything an
	 * application deserializer throws)
	 */
	Object[] bindArguments(RawJson args) throws CallException {
		int count = (args != null) ? args.size() : 0;
		boolean varargs = this.varargType != null;
		if (count < this.fixedCount || (!varargs && count > this.fixedCount)) {
			throw new CallException(ErrorCode.INVALID_ARGUMENTS, "method '" + this.name + "' expects "
					+ (varargs ? "at least " : "") + plural(this.fixedCount) + signature() + " but got " + count);
		}
		Object[] values = new Object[this.parameterTypes.length];
		if (count == 0) {
			if (varargs) {
				values[this.fixedCount] = Array.newInstance(this.varargType.getRawClass(), 0);
			}
			return values;
		}
		try (ArgumentReader elements = this.codec.readElements(args)) {
			for (int i = 0; i < this.fixedCount; i++) {
				values[i] = convert(elements, this.parameterTypes[i], i);
			}
			if (varargs) {
				Object array = Array.newInstance(this.varargType.getRawClass(), count - this.fixedCount);
				for (int i = this.fixedCount; i < count; i++) {
					setElement(array, i - this.fixedCount, convert(elements, this.varargType, i));
				}
				values[this.fixedCount] = array;
			}
		}
		return values;
	}

	/**
	 * Stores a varargs element: the common arrays directly, as {@link Array#set} (a
	 * native call per element) does for the rest.
	 */
	private static void setElement(Object array, int index, Object value) {
		if (array instanceof int[] ints && value instanceof Integer number) {
			ints[index] = number;
		}
		else if (array instanceof long[] longs && value instanceof Long number) {
			longs[index] = number;
		}
		else if (array instanceof double[] doubles && value instanceof Double number) {
			doubles[index] = number;
		}
		else if (array instanceof Object[] objects && array.getClass().getComponentType().isInstance(value)) {
			objects[index] = value;
		}
		else {
			Array.set(array, index, value);
		}
	}

	private Object convert(ArgumentReader element, JavaType type, int index) throws CallException {
		if (type.isPrimitive() && element.isNull(index)) {
			throw invalidArgument(index, "null is not a valid " + type.getRawClass().getName());
		}
		try {
			return element.read(index, type);
		}
		catch (JacksonException ex) {
			throw cannotConvert(element, type, index, this.codec.describe(ex));
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			// an application deserializer may throw anything; the call fails, the
			// connection stays
			String message = ex.getMessage();
			throw cannotConvert(element, type, index,
					(message != null && !message.isBlank()) ? message : ex.getClass().getSimpleName());
		}
	}

	private CallException cannotConvert(ArgumentReader element, JavaType type, int index, String detail) {
		return invalidArgument(index,
				"cannot convert " + element.abbreviate(index, 60) + " to " + type.toCanonical() + ": " + detail);
	}

	private CallException invalidArgument(int index, String detail) {
		int parameter = Math.min(index, this.parameterNames.length - 1);
		String position = (index == parameter) ? "argument " + (index + 1)
				: "argument " + (index + 1) + " (varargs element " + (index - this.fixedCount + 1) + ")";
		return new CallException(ErrorCode.INVALID_ARGUMENTS,
				position + " '" + this.parameterNames[parameter] + "' of method '" + this.name + "': " + detail);
	}

	private String signature() {
		return " (" + String.join(", ", Arrays.copyOf(this.parameterNames, this.fixedCount)) + ")";
	}

	private static String plural(int count) {
		return count + ((count == 1) ? " argument" : " arguments");
	}

	/**
	 * Invokes the method.
	 * @return what it returned
	 * @throws Throwable what it threw, unwrapped from reflection
	 */
	Object invoke(Object[] arguments) throws Throwable {
		try {
			return this.invocable.invoke(this.target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
