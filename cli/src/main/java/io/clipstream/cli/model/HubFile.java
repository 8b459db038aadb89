package io.clipstream.cli.model;

/**
 * A file of a hub repository as the tree API lists it.
 *
 * @param gitOid the git blob id (SHA-1 of "blob SIZE\0" + content for a file stored in git)
 * @param lfsSha256 the SHA-256 of the content for a file stored in LFS; null for a plain git file
 */
public record HubFile(String path, long size, String gitOid, String lfsSha256) {
}
