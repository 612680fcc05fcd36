package io.modelstore.spring;

import io.modelstore.spi.Storage;

/**
 * Wraps the storage of the auto-configured {@code ModelStore}, such as with a
 * {@link io.modelstore.spi.ForwardingStorage} that traces or meters requests. Beans of this type are applied in their
 * order ({@code @Order}); the starter adds one for Micrometer when the application has a {@code MeterRegistry}.
 */
@FunctionalInterface
public interface StorageDecorator {

    /**
     * Wraps {@code storage}.
     *
     * @param storage the storage so far: the backend's, or what the decorators before this one made of it
     * @return the storage to use instead, such as one that forwards to {@code storage}
     */
    Storage decorate(Storage storage);
}
