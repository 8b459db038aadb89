package io.clipstream.store.milvus;

import io.milvus.common.clientenum.FunctionType;
import io.milvus.v2.common.DataType;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.collection.request.AddFieldReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keyword search on Milvus: the declared text fields' values go into one analysed VarChar field, and Milvus's BM25
 * function turns it into a sparse vector with an inverted index, which full-text search ranks (Milvus 2.5 and
 * Milvus Lite; 2.3 has neither the function nor sparse vectors). A collection property lists the metadata keys
 * the text holds, so the collection itself says which text fields it was created with (Milvus Lite keeps
 * properties but drops field descriptions).
 */
final class MilvusTextIndex {

    static final String TEXT = "text";
    static final String SPARSE = "text_sparse";
    static final String FUNCTION = "text_bm25";
    /** Collection property: the text fields, comma-separated (keys hold no comma). */
    static final String TEXT_FIELDS_PROPERTY = "clipstream.text-fields";
    /** VarChar lengths count bytes; longer texts are cut at a character boundary. */
    static final int MAX_TEXT_BYTES = 8192;

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)");

    private MilvusTextIndex() {
    }

    /**
     * Whether a server of this version runs the BM25 function: Milvus from 2.5, and Milvus Lite (measured with
     * milvus-lite 3.2.2, which names itself {@code milvus_lite-3.2.2}). Decided by version, not by a trial request:
     * the 2.3.5 standalone server (which names itself {@code v2.3.5-lite}) accepted a create-collection request
     * carrying the function and a sparse field without an error, so acceptance proves nothing.
     */
    static boolean serverRanksText(String serverVersion) {
        if (serverVersion == null) {
            return false;
        }
        if (serverVersion.startsWith("milvus_lite")) {
            return true;
        }
        Matcher m = VERSION.matcher(serverVersion.strip());
        if (!m.lookingAt()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 2 || (major == 2 && minor >= 5);
    }

    /** Adds the text field, its sparse vector and the BM25 function that links them. */
    static void addTo(CreateCollectionReq.CollectionSchema schema, List<String> textFields) {
        schema.addField(AddFieldReq.builder().fieldName(TEXT).dataType(DataType.VarChar).maxLength(MAX_TEXT_BYTES)
                .enableAnalyzer(true).build());
        schema.addField(AddFieldReq.builder().fieldName(SPARSE).dataType(DataType.SparseFloatVector).build());
        schema.addFunction(CreateCollectionReq.Function.builder().name(FUNCTION).functionType(FunctionType.BM25)
                .inputFieldNames(List.of(TEXT)).outputFieldNames(List.of(SPARSE)).build());
    }

    static String property(List<String> textFields) {
        return String.join(",", textFields);
    }

    static IndexParam index() {
        return IndexParam.builder().fieldName(SPARSE).indexType(IndexParam.IndexType.SPARSE_INVERTED_INDEX)
                .metricType(IndexParam.MetricType.BM25).build();
    }

    /** The text fields a collection was created with; empty when it has no keyword index. */
    static List<String> textFields(DescribeCollectionResp description) {
        if (!description.getFieldNames().contains(SPARSE)) {
            return List.of();
        }
        String keys = description.getProperties() == null ? null
                : description.getProperties().get(TEXT_FIELDS_PROPERTY);
        return keys == null || keys.isBlank() ? List.of() : List.of(keys.split(","));
    }

    /** {@code text} cut to at most {@link #MAX_TEXT_BYTES} UTF-8 bytes, never inside a character. */
    static String fitted(String text) {
        if (text.length() * 3 <= MAX_TEXT_BYTES || text.getBytes(StandardCharsets.UTF_8).length <= MAX_TEXT_BYTES) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_TEXT_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
