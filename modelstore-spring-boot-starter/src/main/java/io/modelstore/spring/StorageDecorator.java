package io.modelstore.spring;

import io.modelstore.spi.Storage;

/**
 * Wraps the storage of the auto-configured {@code ModelStore}, such as with a
 * {@link io.modelstore.spi.ForwardingStorage} that traces or meters requests. Beans of this type are applied in their
 * order ({@code @Order}); the starter adds one for Micrometer when the application has a {@code MeterRegistry}.
 */
@FunctionalInterface
public interface StorageDecorator {

    Storage decorate(Storage storage);
}
