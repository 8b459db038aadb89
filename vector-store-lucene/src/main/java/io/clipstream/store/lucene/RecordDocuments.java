package io.clipstream.store.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.store.SearchHit;
import io.clipstream.store.VectorRecord;
import io.clipstream.store.keyword.TextFields;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * How a record is laid out in a Lucene document. Stored fields give the record back as written (the vector
 * verbatim, metadata as JSON so numbers and booleans keep their types); indexed fields serve the filters, each
 * metadata value under a field named for its type so that a filter of another type never matches it.
 */
final class RecordDocuments {

    static final String ID = "id";
    static final String VECTOR = "vector";
    static final String RAW_VECTOR = "raw_vector";
    static final String URL = "url";
    static final String CONTENT_TYPE = "contentType";
    static final String METADATA = "metadata";
    static final String EVENT_TIME = "eventTime";
    static final String INDEXED_TIME = "indexed_time";
    /** The declared text fields' values, analysed for keyword search; not stored (the metadata holds them). */
    static final String TEXT = "text";

    /** Whole numbers read back as Long and the others as Double, the types the Milvus adapter returns. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private RecordDocuments() {
    }

    static Term idTerm(String id) {
        return new Term(ID, id);
    }

    static String stringField(String key) {
        return "m.s." + key;
    }

    static String numberField(String key) {
        return "m.n." + key;
    }

    static String booleanField(String key) {
        return "m.b." + key;
    }

    /** Numbers compare as doubles; minus zero is zero, as it is in an equality test. */
    static double number(Number value) {
        double d = value.doubleValue();
        return d == 0 ? 0.0 : d;
    }

    /**
     * The document of a record whose vector is already checked for its dimension and length.
     *
     * @param textFields the collection's text fields, whose values become the keyword-searchable text
     */
    static Document toDocument(VectorRecord record, List<String> textFields) {
        Document doc = new Document();
        doc.add(new StringField(ID, record.id(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, Vectors.normalised(record.vector()),
                VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new StoredField(RAW_VECTOR, Vectors.toBytes(record.vector())));
        doc.add(new StoredField(URL, record.url()));
        doc.add(new StringField(CONTENT_TYPE, record.contentType(), Field.Store.YES));
        doc.add(new LongPoint(EVENT_TIME, record.eventTimeMs()));
        doc.add(new StoredField(EVENT_TIME, record.eventTimeMs()));
        doc.add(new StoredField(INDEXED_TIME, record.indexedTimeMs()));
        doc.add(new StoredField(METADATA, json(record.metadata())));
        String text = TextFields.text(record.metadata(), textFields);
        if (!text.isEmpty()) {
            doc.add(new TextField(TEXT, text, Field.Store.NO));
        }
        for (Map.Entry<String, Object> e : record.metadata().entrySet()) {
            switch (e.getValue()) {
                case String s -> doc.add(new StringField(stringField(e.getKey()), s, Field.Store.NO));
                case Boolean b -> doc.add(new StringField(booleanField(e.getKey()), b.toString(), Field.Store.NO));
                case Number n when Double.isFinite(n.doubleValue()) ->
                        doc.add(new DoublePoint(numberField(e.getKey()), number(n)));
                default -> {
                    // Other values (nested or non-finite) are kept in the JSON but cannot be filtered on.
                }
            }
        }
        return doc;
    }

    static VectorRecord toRecord(Document doc) {
        BytesRef raw = doc.getBinaryValue(RAW_VECTOR);
        return new VectorRecord(doc.get(ID), Vectors.fromBytes(raw.bytes, raw.offset, raw.length), doc.get(URL),
                doc.get(CONTENT_TYPE), metadata(doc.get(METADATA)), longValue(doc, EVENT_TIME),
                longValue(doc, INDEXED_TIME));
    }

    static SearchHit toHit(Document doc, double similarity) {
        return new SearchHit(doc.get(ID), similarity, doc.get(URL), doc.get(CONTENT_TYPE),
                metadata(doc.get(METADATA)), longValue(doc, EVENT_TIME));
    }

    static Document hitFields(StoredFields fields, int docId) throws IOException {
        return fields.document(docId, Set.of(ID, URL, CONTENT_TYPE, METADATA, EVENT_TIME));
    }

    private static long longValue(Document doc, String field) {
        return doc.getField(field).numericValue().longValue();
    }

    private static String json(Map<String, Object> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> metadata(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON: " + e.getMessage(), e);
        }
    }
}
