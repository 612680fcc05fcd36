package io.modelstore.spring;

import io.modelstore.FollowOptions;
import io.modelstore.LiveModel;
import io.modelstore.ModelStore;
import java.util.Map;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Registers a {@link LiveModel} bean named {@code <name>} for each {@code modelstore.follow.<name>.*} entry
 * ({@link ModelStoreProperties.Follow}), typed {@code LiveModel<type>}, so that it is injected by its type or with
 * {@code @Qualifier("<name>")}. Each is created at start-up on the context's {@link ModelStore} (a store with nothing to
 * follow fails the start, naming the domain), told to the {@link LiveModelCustomizer} beans, and closed with the context.
 */
final class FollowedModels implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanClassLoaderAware {

    static final String PREFIX = "modelstore.follow";

    private Environment environment;
    private ClassLoader classLoader = FollowedModels.class.getClassLoader();

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Map<String, ModelStoreProperties.Follow> follows = Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, ModelStoreProperties.Follow.class))
                .orElse(Map.of());
        ListableBeanFactory beans = (ListableBeanFactory) registry;
        follows.forEach((name, follow) -> {
            String property = PREFIX + "." + name;
            if (follow.getDomain() == null || follow.getDomain().isBlank()) {
                throw new IllegalStateException(property + ".domain is not set: give the domain whose newest model "
                        + name + " serves, or remove the other " + property + ".* properties.");
            }
            if (registry.containsBeanDefinition(name)) {
                throw new IllegalStateException("The application already has a bean named '" + name + "', so "
                        + property + " cannot be one: rename the followed model, such as " + PREFIX + "." + name
                        + "-model.domain.");
            }
            Class<?> type = type(property, follow.getType());
            RootBeanDefinition definition = new RootBeanDefinition(LiveModel.class);
            definition.setTargetType(ResolvableType.forClassWithGenerics(LiveModel.class, type));
            definition.setInstanceSupplier(() -> follow(beans, name, follow, type));
            definition.setDestroyMethodName("close");
            registry.registerBeanDefinition(name, definition);
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static LiveModel<?> follow(
            ListableBeanFactory beans, String name, ModelStoreProperties.Follow follow, Class<?> type) {
        ModelStore store = beans.getBean(ModelStore.class);
        FollowOptions options = FollowOptions.defaults().acceptSignatureChanges(follow.isAcceptSignatureChanges());
        if (follow.getCheck() != null && !follow.getCheck().isBlank()) {
            String bean = follow.getCheck().trim();
            if (!beans.containsBean(bean) || !beans.isTypeMatch(bean, FollowOptions.Check.class)) {
                throw new IllegalStateException(
                        PREFIX + "." + name + ".check is '" + bean + "', but the application has no "
                                + "bean of that name of type io.modelstore.FollowOptions.Check: declare one, or correct the name.");
            }
            options = options.check(beans.getBean(bean, FollowOptions.Check.class));
        }
        LiveModel<?> live = store.follow(follow.getDomain(), follow.getState(), type, follow.getPollEvery(), options);
        beans.getBeanProvider(LiveModelCustomizer.class)
                .orderedStream()
                .forEach(customizer -> customizer.customize(name, live));
        return live;
    }

    private Class<?> type(String property, String name) {
        if (name == null || name.isBlank()) {
            return Object.class;
        }
        try {
            return ClassUtils.forName(name.trim(), classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    property + ".type is " + name.trim() + ", which is not on the classpath: "
                            + "add the module of its runtime (such as io.modelstore:modelstore-onnx for ai.onnxruntime.OrtSession, "
                            + "io.modelstore:modelstore-xgboost for ml.dmlc.xgboost4j.java.Booster), or correct the name.",
                    e);
        }
    }
}
