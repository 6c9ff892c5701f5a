package io.dora.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dora.annotation.DoraApi;
import io.dora.annotation.DoraClient;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringValueResolver;

/**
 * Finds {@link DoraApi @DoraApi} classes and methods on every bean once it is initialised and registers them with
 * the {@link DoraApiRegistry}. Nothing is served until the server starts, after the context has refreshed.
 */
public class DoraApiBeanPostProcessor implements BeanPostProcessor, EmbeddedValueResolverAware {

	private final DoraApiRegistry registry;

	private final Set<Class<?>> classesWithoutApis = ConcurrentHashMap.newKeySet();

	private StringValueResolver valueResolver;

	public DoraApiBeanPostProcessor(DoraApiRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void setEmbeddedValueResolver(StringValueResolver resolver) {
		this.valueResolver = resolver;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutApis.contains(targetClass) || isDoraClient(targetClass)) {
			return bean;
		}
		boolean found = registerClassLevel(bean, beanName, targetClass);
		Map<Method, DoraApi> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<DoraApi>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, DoraApi.class));
		for (Map.Entry<Method, DoraApi> entry : methods.entrySet()) {
			Method invocable = AopUtils.selectInvocableMethod(entry.getKey(), bean.getClass());
			this.registry.register(DoraApiMethod.forMethod(resolve(entry.getValue()), beanName, bean, invocable,
					targetClass, entry.getValue().nonBlocking()));
			found = true;
		}
		if (!found) {
			this.classesWithoutApis.add(targetClass);
		}
		return bean;
	}

	/**
	 * Whether the bean is the client of a {@link DoraClient @DoraClient} interface: its {@code @DoraApi} methods
	 * call other providers and are not served here. A provider's own implementation of the interface is a class,
	 * never a JDK proxy of the interface alone.
	 */
	private static boolean isDoraClient(Class<?> targetClass) {
		if (!Proxy.isProxyClass(targetClass)) {
			return false;
		}
		for (Class<?> type : targetClass.getInterfaces()) {
			if (type.isAnnotationPresent(DoraClient.class)) {
				return true;
			}
		}
		return false;
	}

	private boolean registerClassLevel(Object bean, String beanName, Class<?> targetClass) {
		DoraApi api = AnnotatedElementUtils.findMergedAnnotation(targetClass, DoraApi.class);
		if (api == null) {
			return false;
		}
		if (!(bean instanceof DoraApiHandler<?, ?>)) {
			throw new InvalidDoraApiException(resolve(api), "class " + targetClass.getName(),
					"the class does not implement " + DoraApiHandler.class.getName(),
					"Implement DoraApiHandler<P, R> in the class, or move @DoraApi from the class to the methods "
							+ "that handle calls.");
		}
		this.registry.register(
				DoraApiMethod.forHandlerBean(resolve(api), beanName, bean, targetClass, api.nonBlocking()));
		return true;
	}

	private String resolve(DoraApi api) {
		String path = api.path();
		return (this.valueResolver != null) ? this.valueResolver.resolveStringValue(path) : path;
	}

}
