package io.clipstream.versions;

import io.clipstream.kafka.naming.Names;

import io.clipstream.store.CollectionSpec;
import io.clipstream.store.VectorStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.jboss.logging.Logger;

/**
 * Removes what a retired version left behind: its collection and its projector group. Every indexer replica does
 * this after stopping its own projector of the version, so the last one to leave the group deletes it; both steps
 * are idempotent. The collection the live alias points at is never dropped.
 */
public final class VersionRetirement {

    private static final Logger LOG = Logger.getLogger(VersionRetirement.class);
    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private final VectorStore store;
    private final Admin admin;
    private final String modelId;
    private final String alias;

    public VersionRetirement(VectorStore store, Admin admin, String modelId, String alias) {
        this.store = store;
        this.admin = admin;
        this.modelId = modelId;
        this.alias = alias;
    }

    /**
     * Drops the version's collection and deletes its projector group.
     *
     * @return false when it must be tried again later: the live alias still points at the collection
     * @throws RuntimeException when the store or Kafka fails; try again later
     */
    public boolean retire(int version) throws InterruptedException {
        String collection = CollectionSpec.nameFor(modelId, version);
        Optional<String> live = store.aliasTarget(alias);
        if (live.isPresent() && live.get().equals(collection)) {
            LOG.errorf("%s v%d is retired but alias %s still points at %s: not dropping it until another version is "
                    + "activated", modelId, version, alias, collection);
            return false;
        }
        if (store.collectionExists(collection)) {
            store.dropCollection(collection);
            LOG.infof("dropped collection %s: %s v%d is retired", collection, modelId, version);
        }
        deleteGroup(Names.projectorGroup(modelId, version));
        return true;
    }

    private void deleteGroup(String group) throws InterruptedException {
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            LOG.infof("deleted consumer group %s", group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException) {
                LOG.infof("consumer group %s still has members: another replica has not stopped its projector yet "
                        + "and deletes the group when it has", group);
            } else if (e.getCause() instanceof GroupIdNotFoundException) {
                LOG.infof("consumer group %s does not exist (never used, or deleted by another replica)", group);
            } else {
                throw new IllegalStateException("cannot delete consumer group " + group + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer the deletion of consumer group " + group
                    + " within " + ADMIN_TIMEOUT_MS + " ms", e);
        }
    }
}
