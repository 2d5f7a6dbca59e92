package dev.kreach.analyzer.source;

/**
 * Something in a tree that a scope's listing met but could not offer as a file: an unreadable directory, a name
 * this locale cannot represent, a tarball entry whose name leaves the tree. The scan names it as skipped.
 */
public record Unlisted(String path, String reason) {
}
