/**
 * The storage SPI: {@link io.modelstore.spi.Storage}, the few blob operations a backend implements, and
 * {@link io.modelstore.spi.StorageProvider}, through which {@link java.util.ServiceLoader} finds a backend module.
 * It depends on nothing above it, so that a backend moves blobs and nothing else; the store's logic is written once,
 * in the core.
 */
package io.modelstore.spi;
