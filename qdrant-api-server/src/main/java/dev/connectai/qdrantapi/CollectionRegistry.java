package dev.connectai.qdrantapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.qdrant.client.grpc.Collections.CreateCollection;

/** The server's collections by name; listed in name order, as Qdrant lists them. */
final class CollectionRegistry {

    private final Map<String, StoredCollection> byName = new TreeMap<>();

    synchronized StoredCollection create(CreateCollection request) {
        if (byName.containsKey(request.getCollectionName())) {
            throw QdrantErrors.collectionExists(request.getCollectionName());
        }
        StoredCollection collection = new StoredCollection(request);
        byName.put(collection.name, collection);
        return collection;
    }

    synchronized StoredCollection get(String name) {
        StoredCollection collection = byName.get(name);
        if (collection == null) {
            throw QdrantErrors.collectionNotFound(name);
        }
        return collection;
    }

    synchronized boolean exists(String name) {
        return byName.containsKey(name);
    }

    /** Whether a collection was removed; Qdrant answers false, not an error, for a missing one. */
    synchronized boolean delete(String name) {
        return byName.remove(name) != null;
    }

    synchronized List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
