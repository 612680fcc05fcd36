/**
 * Not API. Configuration: finding backends and loaders with {@link java.util.ServiceLoader} and telling which are
 * missing or broken, parsing store URIs, resolving a {@link io.modelstore.StoreConfig}'s settings against what its
 * backend declares ({@link io.modelstore.internal.config.SettingsResolution}), and the settings of the factory
 * methods.
 *
 * <p>May use: {@code io.modelstore.internal}, the public package and the SPI.
 */
package io.modelstore.internal.config;
