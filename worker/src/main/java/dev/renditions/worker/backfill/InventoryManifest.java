package dev.renditions.worker.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.renditions.core.errors.UsageException;
import dev.renditions.core.events.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an S3 Inventory {@code manifest.json} a backfill reads: the format (only CSV is supported), the
 * column names ({@code fileSchema}, e.g. {@code "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size,
 * LastModifiedDate"}) and the keys of the gzip-compressed CSV files, which live in the same bucket as the manifest.
 */
record InventoryManifest(String sourceBucket, String fileFormat, List<String> columns, List<String> files) {
    InventoryManifest {
        columns = List.copyOf(columns);
        files = List.copyOf(files);
    }

    static InventoryManifest parse(String json, String where) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UsageException(where + " is not an S3 Inventory manifest (not JSON: " + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new UsageException(where + " is not an S3 Inventory manifest (not a JSON object)");
        }
        String format = root.path("fileFormat").asText("");
        if (!"CSV".equals(format.toUpperCase(Locale.ROOT))) {
            throw new UsageException(where + ": only CSV inventories are supported, this one is '" + format
                    + "' (configure the inventory report with the CSV format)");
        }
        String schema = root.path("fileSchema").asText("");
        List<String> columns = Arrays.stream(schema.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        if (!columns.contains("Bucket") || !columns.contains("Key")) {
            throw new UsageException(
                    where + ": fileSchema must list the Bucket and Key columns, found '" + schema + "'");
        }
        JsonNode filesNode = root.path("files");
        if (!filesNode.isArray()) {
            throw new UsageException(where + ": no 'files' list");
        }
        List<String> files = new ArrayList<>();
        for (JsonNode f : filesNode) {
            String key = f.path("key").asText("");
            if (key.isEmpty()) {
                throw new UsageException(where + ": an entry of 'files' has no key");
            }
            files.add(key);
        }
        return new InventoryManifest(root.path("sourceBucket").asText(null), format, columns, files);
    }

    /** Index of a column, or -1. */
    int column(String name) {
        return columns.indexOf(name);
    }
}
