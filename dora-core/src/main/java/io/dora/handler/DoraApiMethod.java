package io.dora.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
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

	private final int paramIndex;

	private final int contextIndex;

	private final int argumentCount;

	private final boolean nonBlocking;

	private DoraApiMethod(String path, String beanName, Object bean, Class<?> beanType, Method method,
			ResolvableType paramType, int paramIndex, int contextIndex, int argumentCount, boolean nonBlocking) {
		this.path = path;
		this.beanName = beanName;
		this.bean = bean;
		this.beanType = beanType;
		this.method = method;
		this.paramType = paramType;
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
		ResolvableType param = ResolvableType.forClass(DoraApiHandler.class, targetClass).getGeneric(0);
		Method handle = ReflectionUtils.findMethod(DoraApiHandler.class, "handle", Object.class,
				DoraCallContext.class);
		return new DoraApiMethod(path, beanName, bean, targetClass, handle,
				(param.resolve() != null) ? param : ResolvableType.forClass(Object.class), 0, 1, 2, nonBlocking);
	}

	/**
	 * A handler for an annotated method. The method may declare at most one parameter besides a
	 * {@link DoraCallContext}.
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
		int paramIndex = -1;
		int contextIndex = -1;
		ResolvableType paramType = null;
		for (int i = 0; i < invocable.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(invocable, i).withContainingClass(targetClass);
			if (DoraCallContext.class.equals(parameter.getParameterType())) {
				contextIndex = i;
			}
			else if (paramIndex < 0) {
				paramIndex = i;
				paramType = ResolvableType.forMethodParameter(parameter);
			}
			else {
				throw new InvalidDoraApiException(path, describe(invocable),
						"it declares more than one parameter besides DoraCallContext, but a call carries a single "
								+ "param",
						"Declare one parameter for the call's param (wrap the values in a record or class), plus a "
								+ "DoraCallContext parameter if the method needs the call's details.");
			}
		}
		return new DoraApiMethod(path, beanName, bean, targetClass, invocable, paramType, paramIndex, contextIndex,
				invocable.getParameterCount(), nonBlocking);
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

	/** The parameter's declared type, or {@code null} when the handler takes no parameter. */
	public ResolvableType paramType() {
		return this.paramType;
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

	@Override
	public String toString() {
		return "'" + this.path + "' -> " + description();
	}

}
