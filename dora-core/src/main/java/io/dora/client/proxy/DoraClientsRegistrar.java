package io.dora.client.proxy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dora.annotation.DoraClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean for each {@code @DoraClient} interface that {@link ImportDoraClients @ImportDoraClients} lists or
 * whose package it names. The bean is made by the {@link DoraClientProxyFactory} bean when first needed; its name
 * is the interface's fully qualified name, so it never clashes with an application class's bean.
 */
public class DoraClientsRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

	private BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ImportDoraClients.class.getName());
		if (attributes == null) {
			return;
		}
		Set<Class<?>> types = new LinkedHashSet<>();
		types.addAll(List.of((Class<?>[]) attributes.get("value")));
		types.addAll(List.of((Class<?>[]) attributes.get("types")));
		types.addAll(scan(List.of((String[]) attributes.get("basePackages")), ClassUtils.getDefaultClassLoader()));
		types.forEach((type) -> register(type, registry, this.beanFactory));
	}

	/** The {@code @DoraClient} interfaces in the packages and their sub-packages. */
	public static List<Class<?>> scan(List<String> packages, ClassLoader classLoader) {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}

		};
		scanner.addIncludeFilter(new AnnotationTypeFilter(DoraClient.class, false, true));
		List<Class<?>> types = new ArrayList<>();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
			}
		}
		return types;
	}

	/**
	 * Registers the client bean of one interface, named after it, unless a bean of that name exists.
	 * @param beanFactory where the {@link DoraClientProxyFactory} is found when the client is created
	 */
	public static void register(Class<?> type, BeanDefinitionRegistry registry, BeanFactory beanFactory) {
		String name = type.getName();
		if (registry.containsBeanDefinition(name)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type);
		definition.setTargetType(type);
		definition.setInstanceSupplier(() -> beanFactory.getBean(DoraClientProxyFactory.class).createClient(type));
		registry.registerBeanDefinition(name, definition);
	}

}
