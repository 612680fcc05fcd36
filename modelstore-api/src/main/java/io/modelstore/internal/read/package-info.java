/**
 * Not API. Reading the store: listing domains, models and states, looking a model up, watching for a newer one,
 * and downloads (through the cache, resumed and checked against the archive's SHA-256).
 *
 * <p>May use: {@code io.modelstore.internal}, {@code internal.archive}, {@code internal.cache}, the public package and
 * the SPI. Writes nothing but the cache.
 */
package io.modelstore.internal.read;
