package io.modelstore.spring;

import io.modelstore.LiveModel;

/**
 * Told of each {@code modelstore.follow.<name>} live model as it is created, such as to add a
 * {@link LiveModel.Listener} with {@link LiveModel#onChange}. Beans of this type are applied in their order; the
 * starter adds one for Micrometer when the application has a {@code MeterRegistry}.
 */
@FunctionalInterface
public interface LiveModelCustomizer {

    /**
     * Adjusts a live model as it is created.
     *
     * @param name  the name in {@code modelstore.follow.<name>}, that of the bean
     * @param model the live model, serving its first version
     */
    void customize(String name, LiveModel<?> model);
}
