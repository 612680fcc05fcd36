/**
 * Not API. The store's parts wired together once, for {@link io.modelstore.ModelStore} to delegate to.
 *
 * <p>May use every other internal package.
 */
package io.modelstore.internal.store;
