/**
 * Not API. Writing the store: the commit protocol of an upload (the id claimed by a conditional create, the archive,
 * then the metadata as commit point), own writes recognized on a retry, the domain's latest pointer that only moves
 * forward, states, the safe delete, and the store check that finds and repairs what a crash left.
 *
 * <p>May use: {@code io.modelstore.internal}, {@code internal.archive}, {@code internal.read}, the public package and
 * the SPI.
 */
package io.modelstore.internal.commit;
