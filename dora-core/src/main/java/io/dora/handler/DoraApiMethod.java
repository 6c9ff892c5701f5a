package io.dora.handler;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraParam;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One registered handler: the bean, the method to invoke and how to bind its arguments. Built once at start-up
 * so that a call does no reflection lookups.
 */
public final class DoraApiMethod {

	private final String path;

	private final String beanName;

	private final Object bean;

	private final Class<?> beanType;

	private final Method method;

	private final ResolvableType paramType;

	private final List<NamedParameter> namedParameters;

	private final ResolvableType returnType;

	private final int paramIndex;

	private final int contextIndex;

	private final int argumentCount;

	private final boolean nonBlocking;

	private DoraApiMethod(String path, String beanName, Object bean, Class<?> beanType, Method method,
			ResolvableType paramType, List<NamedParameter> namedParameters, ResolvableType returnType, int paramIndex,
			int contextIndex, int argumentCount, boolean nonBlocking) {
		this.path = path;
		this.beanName = beanName;
		this.bean = bean;
		this.beanType = beanType;
		this.method = method;
		this.paramType = paramType;
		this.namedParameters = namedParameters;
		this.returnType = returnType;
		this.paramIndex = paramIndex;
		this.contextIndex = contextIndex;
		this.argumentCount = argumentCount;
		this.nonBlocking = nonBlocking;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * A handler for a bean implementing {@link DoraApiHandler}; {@code P} is resolved from the bean's class.
	 * @param nonBlocking whether it may run on the thread that read the request
	 */
	public static DoraApiMethod forHandlerBean(String path, String beanName, Object bean, Class<?> targetClass,
			boolean nonBlocking) {
		ResolvableType handler = ResolvableType.forClass(DoraApiHandler.class, targetClass);
		Method handle = ReflectionUtils.findMethod(DoraApiHandler.class, "handle", Object.class,
				DoraCallContext.class);
		return new DoraApiMethod(path, beanName, bean, targetClass, handle, resolvedOrObject(handler.getGeneric(0)),
				List.of(), resolvedOrObject(handler.getGeneric(1)), 0, 1, 2, nonBlocking);
	}

	/**
	 * A handler for an annotated method. Besides an optional {@link DoraCallContext}, the method declares no
	 * parameter, one (the whole of the call's {@code param} is bound to it), or several: then the {@code param} is
	 * a JSON object and each parameter is bound to its member of the same name, the rule a
	 * {@link io.dora.annotation.DoraClient @DoraClient} method with several parameters sends by. A parameter's name
	 * is its {@link DoraParam @DoraParam}, on the method or on the interface method it implements, else its
	 * compiled name ({@code javac -parameters}), taken from the interface method that declares the {@code @DoraApi}
	 * when there is one, so that provider and client agree on it. When such a call is bound, a missing or
	 * {@code null} member is {@code null} (100004 for a primitive), and a member no parameter is named after, or a
	 * {@code param} that is not an object, is refused with 100004 rather than dropped.
	 * @param invocable the method as it can be invoked on {@code bean} (resolved against proxies)
	 * @param nonBlocking whether it may run on the thread that read the request
	 * @throws InvalidDoraApiException naming the method if its signature cannot be bound
	 */
	public static DoraApiMethod forMethod(String path, String beanName, Object bean, Method invocable,
			Class<?> targetClass, boolean nonBlocking) {
		if (Modifier.isStatic(invocable.getModifiers())) {
			throw new InvalidDoraApiException(path, describe(invocable), "the method is static",
					"Make the method an instance method of the bean.");
		}
		int contextIndex = -1;
		List<Integer> paramIndexes = new ArrayList<>();
		for (int i = 0; i < invocable.getParameterCount(); i++) {
			if (DoraCallContext.class.equals(invocable.getParameterTypes()[i])) {
				contextIndex = i;
			}
			else {
				paramIndexes.add(i);
			}
		}
		ResolvableType returnType = ResolvableType.forMethodReturnType(invocable, targetClass);
		int count = invocable.getParameterCount();
		if (paramIndexes.size() <= 1) {
			int paramIndex = paramIndexes.isEmpty() ? -1 : paramIndexes.get(0);
			ResolvableType paramType = (paramIndex >= 0) ? parameterType(invocable, paramIndex, targetClass) : null;
			return new DoraApiMethod(path, beanName, bean, targetClass, invocable, paramType, List.of(), returnType,
					paramIndex, contextIndex, count, nonBlocking);
		}
		List<NamedParameter> named = namedParameters(path, invocable, targetClass, paramIndexes);
		return new DoraApiMethod(path, beanName, bean, targetClass, invocable, null, named, returnType, -1,
				contextIndex, count, nonBlocking);
	}

	private static ResolvableType parameterType(Method method, int index, Class<?> targetClass) {
		return ResolvableType.forMethodParameter(new MethodParameter(method, index).withContainingClass(targetClass));
	}

	private static List<NamedParameter> namedParameters(String path, Method invocable, Class<?> targetClass,
			List<Integer> indexes) {
		MethodParameter[] annotated = new AnnotatedMethod(invocable).getMethodParameters();
		Parameter[] compiled = contract(invocable, targetClass).getParameters();
		List<NamedParameter> named = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (int index : indexes) {
			DoraParam param = annotated[index].getParameterAnnotation(DoraParam.class);
			String name = (param != null) ? param.value()
					: compiled[index].isNamePresent() ? compiled[index].getName() : null;
			if (name == null) {
				throw new InvalidDoraApiException(path, describe(invocable),
						"it declares " + indexes.size() + " parameters for the call's param and their names were "
								+ "not compiled",
						"Name each parameter with @DoraParam(\"name\"), compile with javac -parameters (Spring "
								+ "Boot's build plugins do), or take one param object.");
			}
			if (names.contains(name)) {
				throw new InvalidDoraApiException(path, describe(invocable),
						"two of its parameters have the same name '" + name + "'",
						"Give each parameter its own @DoraParam name.");
			}
			names.add(name);
			named.add(new NamedParameter(name, index, parameterType(invocable, index, targetClass)));
		}
		return List.copyOf(named);
	}

	/**
	 * The method whose compiled parameter names are the contract: the interface method carrying the
	 * {@code @DoraApi} that {@code invocable} implements, else {@code invocable} itself.
	 */
	private static Method contract(Method invocable, Class<?> targetClass) {
		for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
			Method declared = ClassUtils.getMethodIfAvailable(type, invocable.getName(),
					invocable.getParameterTypes());
			if (declared != null && AnnotatedElementUtils.hasAnnotation(declared, DoraApi.class)) {
				return declared;
			}
		}
		return invocable;
	}

	private static ResolvableType resolvedOrObject(ResolvableType type) {
		return (type.resolve() != null) ? type : ResolvableType.forClass(Object.class);
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "()";
	}

	/** The path or pattern this handler is mapped to. */
	public String path() {
		return this.path;
	}

	public String beanName() {
		return this.beanName;
	}

	/** The class of the bean, behind any proxy. */
	public Class<?> beanType() {
		return this.beanType;
	}

	public Method method() {
		return this.method;
	}

	/**
	 * The parameter's declared type, or {@code null} when the handler takes no parameter or binds its parameters
	 * by name ({@link #namedParameters()}).
	 */
	public ResolvableType paramType() {
		return this.paramType;
	}

	/**
	 * The parameters bound by name from the members of the call's {@code param} object, in declaration order;
	 * empty unless the handler declares several.
	 */
	public List<NamedParameter> namedParameters() {
		return this.namedParameters;
	}

	/**
	 * The declared return type, generics resolved against the bean's class: what becomes the result's {@code data}
	 * (the value a {@code CompletionStage} completes with, when it is one).
	 */
	public ResolvableType returnType() {
		return this.returnType;
	}

	/** Where the handler's {@code @DoraApi} is: the method, or the class of a {@link DoraApiHandler} bean. */
	public AnnotatedElement annotatedElement() {
		return DoraApiHandler.class.equals(this.method.getDeclaringClass()) ? this.beanType : this.method;
	}

	/** Whether the handler may run on the thread that read the request. */
	public boolean isNonBlocking() {
		return this.nonBlocking;
	}

	/** Describes the handler for logs and the actuator: bean name and method. */
	public String description() {
		return this.beanName + "#" + this.method.getName();
	}

	/**
	 * Invokes the handler.
	 * @return whatever it returned
	 * @throws Throwable whatever it threw, unwrapped from reflection
	 */
	Object invoke(Object param, DoraCallContext context) throws Throwable {
		Object[] args = new Object[this.argumentCount];
		if (this.paramIndex >= 0) {
			args[this.paramIndex] = param;
		}
		return invoke(args, context);
	}

	/**
	 * Invokes a handler that binds by name.
	 * @param values the value of each of {@link #namedParameters()}, in their order
	 */
	Object invokeNamed(Object[] values, DoraCallContext context) throws Throwable {
		Object[] args = new Object[this.argumentCount];
		for (int i = 0; i < values.length; i++) {
			args[this.namedParameters.get(i).index()] = values[i];
		}
		return invoke(args, context);
	}

	private Object invoke(Object[] args, DoraCallContext context) throws Throwable {
		if (this.contextIndex >= 0) {
			args[this.contextIndex] = context;
		}
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * A parameter bound by name.
	 * @param name the member of the call's {@code param} object it is bound to
	 * @param index its position in the method's parameters
	 * @param type its declared type, generics resolved against the bean's class
	 */
	public record NamedParameter(String name, int index, ResolvableType type) {

	}

	@Override
	public String toString() {
		return "'" + this.path + "' -> " + description();
	}

}
