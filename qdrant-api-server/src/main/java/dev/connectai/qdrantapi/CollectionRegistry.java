package dev.connectai.qdrantapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CreateCollection;

/**
 * The server's collections by name, listed in name order as Qdrant lists them, and the aliases naming them.
 * Alias handling copies qdrant/qdrant lib/storage/src/content_manager: a name is looked up as an alias first, then
 * as a collection ({@code toc/mod.rs}, {@code resolve_name}), so every point operation and collection info/exists
 * on an alias reaches its collection; aliases live in one map from alias to collection name
 * ({@code alias_mapping.rs}). One lock guards both maps, so a reader sees an alias change either not yet or
 * completely, as Qdrant's {@code update_aliases} holds the collections' write lock for the whole request.
 */
final class CollectionRegistry {

    private final Map<String, StoredCollection> byName = new TreeMap<>();
    private final Map<String, String> aliases = new TreeMap<>();

    /**
     * Qdrant's {@code toc/create_collection.rs}: an existing collection is refused first, then a name an alias
     * already holds.
     */
    synchronized StoredCollection create(CreateCollection request) {
        String name = request.getCollectionName();
        if (byName.containsKey(name)) {
            throw QdrantErrors.collectionExists(name);
        }
        if (aliases.containsKey(name)) {
            throw QdrantErrors.wrongInput("Can't create collection with name " + name
                    + ". Alias with the same name already exists");
        }
        StoredCollection collection = new StoredCollection(request);
        byName.put(collection.name, collection);
        return collection;
    }

    /** The collection a collection name or an alias names. */
    synchronized StoredCollection get(String name) {
        StoredCollection collection = byName.get(aliases.getOrDefault(name, name));
        if (collection == null) {
            throw QdrantErrors.collectionNotFound(aliases.getOrDefault(name, name));
        }
        return collection;
    }

    /** True for an alias too: Qdrant's CollectionExists resolves the name as Get does (src/common/collections.rs). */
    synchronized boolean exists(String name) {
        return byName.containsKey(aliases.getOrDefault(name, name));
    }

    /**
     * Whether a collection was removed; Qdrant answers false, not an error, for a missing one. The name is not
     * resolved (deleting an alias name deletes nothing), and the collection's aliases go with it
     * ({@code toc/collection_meta_ops.rs}, {@code delete_collection}: {@code remove_collection} on the aliases).
     */
    synchronized boolean delete(String name) {
        aliases.values().removeIf(name::equals);
        return byName.remove(name) != null;
    }

    synchronized List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /**
     * Applies the actions in order under the one lock, as Qdrant's {@code update_aliases} does
     * ({@code toc/collection_meta_ops.rs}): create needs an existing collection (not an alias) and a name no
     * collection has, and re-points an alias that exists; delete of a missing alias is no error; rename of a missing
     * one is NOT_FOUND. Like Qdrant, which persists each action as it goes, a failing action leaves the ones before
     * it applied.
     */
    synchronized void updateAliases(List<AliasOperations> actions) {
        for (AliasOperations action : actions) {
            switch (action.getActionCase()) {
                case CREATE_ALIAS: {
                    String collection = action.getCreateAlias().getCollectionName();
                    String alias = action.getCreateAlias().getAliasName();
                    if (!byName.containsKey(collection)) {
                        throw QdrantErrors.collectionNotFound(collection);
                    }
                    if (byName.containsKey(alias)) {
                        throw QdrantErrors.collectionExists(alias);
                    }
                    aliases.put(alias, collection);
                    break;
                }
                case DELETE_ALIAS:
                    aliases.remove(action.getDeleteAlias().getAliasName());
                    break;
                case RENAME_ALIAS: {
                    String old = action.getRenameAlias().getOldAliasName();
                    String collection = aliases.remove(old);
                    if (collection == null) {
                        throw QdrantErrors.notFound("Alias " + old + " does not exists!");
                    }
                    aliases.put(action.getRenameAlias().getNewAliasName(), collection);
                    break;
                }
                default:
                    throw QdrantErrors.invalidArgument("Malformed AliasOperations: no action set");
            }
        }
    }

    /** Every alias, by collection name and then alias name (Qdrant lists them collection by collection). */
    synchronized List<AliasDescription> aliases() {
        List<AliasDescription> out = new ArrayList<>();
        for (String collection : byName.keySet()) {
            for (String alias : aliasesOf(collection)) {
                out.add(AliasDescription.newBuilder().setAliasName(alias).setCollectionName(collection).build());
            }
        }
        return out;
    }

    /** The aliases of one collection; none, not an error, for a missing collection or an alias name. */
    synchronized List<String> aliasesOf(String collection) {
        List<String> out = new ArrayList<>();
        aliases.forEach((alias, target) -> {
            if (target.equals(collection)) {
                out.add(alias);
            }
        });
        return out;
    }
}
