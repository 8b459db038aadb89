package io.clipstream.indexer.project;

import io.clipstream.store.VectorStoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a list of items; when the store refuses a part for good, halves that part until each refused item stands
 * alone, so that the rest is written and one bad record costs about 2·log2(n) extra calls. A part too large for the
 * store as a whole is written in halves the same way. Outages never reach here: the writer retries them.
 */
final class RefusalIsolation {

    /** Writes items; throws a refusal ({@link VectorStoreException.Kind#REFUSED}) for the whole list. */
    @FunctionalInterface
    interface Writer<T> {
        void write(List<T> items) throws InterruptedException;
    }

    /** Looks at the first refusal before anything is split: may throw to fail the whole write instead. */
    @FunctionalInterface
    interface FirstRefusal {
        void check(VectorStoreException refusal) throws InterruptedException;
    }

    record Refused<T>(T item, VectorStoreException refusal) {
    }

    record Result<T>(List<T> written, List<Refused<T>> refused) {
    }

    private RefusalIsolation() {
    }

    static <T> Result<T> write(List<T> items, Writer<T> writer, FirstRefusal firstRefusal)
            throws InterruptedException {
        Result<T> result = new Result<>(new ArrayList<>(), new ArrayList<>());
        if (!items.isEmpty()) {
            write(items, writer, firstRefusal, result);
        }
        return result;
    }

    private static <T> void write(List<T> items, Writer<T> writer, FirstRefusal firstRefusal, Result<T> result)
            throws InterruptedException {
        try {
            writer.write(items);
            result.written().addAll(items);
            return;
        } catch (VectorStoreException e) {
            if (e.retryable()) {
                throw e;
            }
            if (result.refused().isEmpty() && firstRefusal != null) {
                firstRefusal.check(e);
                firstRefusal = null;
            }
            if (items.size() == 1) {
                result.refused().add(new Refused<>(items.getFirst(), e));
                return;
            }
        }
        int half = items.size() / 2;
        write(items.subList(0, half), writer, null, result);
        write(items.subList(half, items.size()), writer, null, result);
    }
}
