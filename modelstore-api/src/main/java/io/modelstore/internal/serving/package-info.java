/**
 * Not API. Serving: loading a model into its runtime through the installed loaders, describing its signature, and
 * what {@link io.modelstore.LiveModel} needs to swap a new version in safely (the guard, the failed version's backoff).
 *
 * <p>May use: {@code io.modelstore.internal}, {@code internal.archive}, {@code internal.cache}, {@code internal.read},
 * the public package and the SPI.
 */
package io.modelstore.internal.serving;
