package dev.renditions.contract;

import java.util.List;
import java.util.Map;

/**
 * Valid Fargate VCPU / MEMORY (MiB) pairs for AWS Batch, from the AWS Batch API reference (ResourceRequirement).
 * {@link BotocoreTest} checks this table against the same documentation shipped in botocore's Batch model.
 */
final class FargateSizes {
    static final Map<String, List<Integer>> TABLE = Map.of(
            "0.25", List.of(512, 1024, 2048),
            "0.5", range(1024, 4096, 1024),
            "1", range(2048, 8192, 1024),
            "2", range(4096, 16384, 1024),
            "4", range(8192, 30720, 1024),
            "8", range(16384, 61440, 4096),
            "16", range(32768, 122880, 8192));

    private FargateSizes() {}

    static boolean valid(String vcpu, int memory) {
        List<Integer> memories = TABLE.get(vcpu);
        return memories != null && memories.contains(memory);
    }

    private static List<Integer> range(int from, int to, int step) {
        List<Integer> list = new java.util.ArrayList<>();
        for (int m = from; m <= to; m += step) {
            list.add(m);
        }
        return List.copyOf(list);
    }
}
