package io.clipstream.store.milvus;

/**
 * Connection and index settings for Milvus.
 *
 * @param uri e.g. http://localhost:19530
 * @param token "user:password" or an API key; blank for none
 * @param database database name; blank for the default one
 * @param connectTimeoutMs how long to wait for a connection
 * @param rpcDeadlineMs deadline of each call, the client's own retries included, so an unreachable server fails a
 *                      call instead of hanging it
 * @param hnswM HNSW graph degree
 * @param hnswEfConstruction HNSW build-time candidate list size
 * @param searchEf HNSW search-time candidate list size (raised to limit + offset when smaller)
 * @param probeDeadlineMs deadline of a health probe ({@link MilvusVectorStore#isReachable()}), on a connection of
 *                        its own
 */
public record MilvusSettings(String uri, String token, String database, long connectTimeoutMs, long rpcDeadlineMs,
                             int hnswM, int hnswEfConstruction, int searchEf, long probeDeadlineMs) {

    public static final long DEFAULT_PROBE_DEADLINE_MS = 1_000;

    public MilvusSettings {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("Milvus uri is required");
        }
        if (connectTimeoutMs <= 0 || rpcDeadlineMs <= 0 || hnswM <= 0 || hnswEfConstruction <= 0 || searchEf <= 0
                || probeDeadlineMs <= 0) {
            throw new IllegalArgumentException("Milvus timeouts and HNSW parameters must be positive");
        }
    }

    /** Settings with the default probe deadline. */
    public MilvusSettings(String uri, String token, String database, long connectTimeoutMs, long rpcDeadlineMs,
                          int hnswM, int hnswEfConstruction, int searchEf) {
        this(uri, token, database, connectTimeoutMs, rpcDeadlineMs, hnswM, hnswEfConstruction, searchEf,
                DEFAULT_PROBE_DEADLINE_MS);
    }

    public static MilvusSettings of(String uri) {
        return new MilvusSettings(uri, "", "", 10_000, 30_000, 16, 200, 64);
    }

    /** These settings with other call deadlines: tests that take a server down need short ones. */
    public MilvusSettings withDeadlines(long connectTimeoutMs, long rpcDeadlineMs) {
        return new MilvusSettings(uri, token, database, connectTimeoutMs, rpcDeadlineMs, hnswM, hnswEfConstruction,
                searchEf, probeDeadlineMs);
    }
}
