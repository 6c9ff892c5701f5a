package io.dora.autoconfigure;

import io.dora.client.proxy.DoraClientsRegistrar;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@code @DoraClient} interfaces found in the application's packages (those of
 * {@code @SpringBootApplication}, as for entity scanning), except an interface that already has a bean: one the
 * application defines, one listed with {@code @ImportDoraClients}, or a provider's own implementation of it.
 * User configuration is read before auto-configuration, so those beans are known here.
 */
class DoraClientsAutoDetection implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

	private BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		if (!AutoConfigurationPackages.has(this.beanFactory)) {
			return;
		}
		ListableBeanFactory beans = (ListableBeanFactory) this.beanFactory;
		for (Class<?> type : DoraClientsRegistrar.scan(AutoConfigurationPackages.get(this.beanFactory),
				ClassUtils.getDefaultClassLoader())) {
			if (beans.getBeanNamesForType(type, true, false).length == 0) {
				DoraClientsRegistrar.register(type, registry, this.beanFactory);
			}
		}
	}

}
