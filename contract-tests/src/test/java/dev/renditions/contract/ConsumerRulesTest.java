package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.renditions.contract.Events.BatchJob;
import dev.renditions.core.events.DetailTypes;
import org.junit.jupiter.api.Test;

class ConsumerRulesTest {
    static final String OTHER_QUEUE = "arn:aws:batch:us-east-1:123456789012:job-queue/someone-else";

    @Test
    void everyPatternCompilesWithEventRuler() {
        for (String name : Rules.NAMES) {
            Rules.compile(name);
        }
    }

    @Test
    void completedFanOutGetsEveryCompletedRenditionAndNothingElse() {
        Rules.Compiled rule = Rules.compile("rendition-completed");

        assertTrue(rule.matches(Events.worker(DetailTypes.RENDITION_COMPLETED, Events.completed(false))));
        assertTrue(rule.matches(Events.worker(DetailTypes.RENDITION_COMPLETED, Events.completed(true))));
        assertFalse(rule.matches(Events.worker(DetailTypes.RENDITION_SKIPPED, Events.skippedSuperseded())));
        assertFalse(rule.matches(Events.worker(DetailTypes.RENDITION_FAILED, Events.failed())));
        assertFalse(rule.matches(Events.dispatcher(DetailTypes.RENDITIONS_REQUESTED)));
    }

    @Test
    void failuresGoToTheAlertTopic() {
        Rules.Compiled rule = Rules.compile("failures");

        assertTrue(rule.matches(Events.worker(DetailTypes.RENDITION_FAILED, Events.failed())));
        assertTrue(rule.matches(Events.dispatcher(DetailTypes.UPLOAD_REJECTED)));
        assertFalse(rule.matches(Events.worker(DetailTypes.RENDITION_COMPLETED, Events.completed(false))));
        assertFalse(rule.matches(Events.worker(DetailTypes.RENDITION_SKIPPED, Events.skippedSuperseded())));
        assertFalse(rule.matches(Events.dispatcher(DetailTypes.RENDITIONS_REQUESTED)));
        assertFalse(rule.matches(Events.backfill()));
    }

    @Test
    void failedBatchJobsOfOurQueueAlertOncePerSubmission() {
        Rules.Compiled rule = Rules.compile("batch-job-failed");

        assertTrue(rule.matches(Events.batch(BatchJob.PLAIN, "FAILED", Events.QUEUE_ARN)));
        assertTrue(rule.matches(Events.batch(BatchJob.ARRAY_PARENT, "FAILED", Events.QUEUE_ARN)));
        // children are covered by their parent (and by the worker's own "Rendition Failed")
        assertFalse(rule.matches(Events.batch(BatchJob.ARRAY_CHILD, "FAILED", Events.QUEUE_ARN)));
        assertFalse(rule.matches(Events.batch(BatchJob.ARRAY_PARENT, "SUCCEEDED", Events.QUEUE_ARN)));
        assertFalse(rule.matches(Events.batch(BatchJob.PLAIN, "RUNNABLE", Events.QUEUE_ARN)));
        assertFalse(rule.matches(Events.batch(BatchJob.ARRAY_PARENT, "FAILED", OTHER_QUEUE)));
    }

    @Test
    void uploadFinishedFiresOnceWhenAllRenditionsOfAnUploadAreDone() {
        Rules.Compiled rule = Rules.compile("upload-finished");

        assertTrue(rule.matches(Events.batch(BatchJob.ARRAY_PARENT, "SUCCEEDED", Events.QUEUE_ARN)));
        assertTrue(rule.matches(Events.batch(BatchJob.ARRAY_PARENT, "FAILED", Events.QUEUE_ARN)));
        assertTrue(rule.matches(Events.batch(BatchJob.PLAIN, "SUCCEEDED", Events.QUEUE_ARN)));
        assertFalse(rule.matches(Events.batch(BatchJob.ARRAY_CHILD, "SUCCEEDED", Events.QUEUE_ARN)));
        assertFalse(rule.matches(Events.batch(BatchJob.ARRAY_PARENT, "RUNNING", Events.QUEUE_ARN)));
        assertFalse(rule.matches(Events.batch(BatchJob.ARRAY_PARENT, "SUCCEEDED", OTHER_QUEUE)));
        assertFalse(rule.matches(Events.backfillBatch("SUCCEEDED")), "a backfill chunk is not an upload");
    }

    @Test
    void rulesNameOnlySourcesAndDetailTypesThatExist() {
        java.util.Set<String> sources = java.util.Set.of(
                "aws.s3",
                "aws.batch",
                DetailTypes.WORKER_SOURCE,
                DetailTypes.DISPATCHER_SOURCE,
                DetailTypes.BACKFILL_SOURCE);
        java.util.Set<String> detailTypes = java.util.Set.of(
                "Object Created",
                "Batch Job State Change",
                DetailTypes.RENDITION_COMPLETED,
                DetailTypes.RENDITION_SKIPPED,
                DetailTypes.RENDITION_FAILED,
                DetailTypes.RENDITIONS_REQUESTED,
                DetailTypes.UPLOAD_REJECTED,
                DetailTypes.BACKFILL_SUBMITTED);
        for (String name : Rules.NAMES) {
            com.fasterxml.jackson.databind.JsonNode pattern =
                    Repo.parse(Rules.compile(name).json());
            java.util.List<com.fasterxml.jackson.databind.JsonNode> alternatives = new java.util.ArrayList<>();
            if (pattern.has("$or")) {
                pattern.get("$or").forEach(alternatives::add);
            } else {
                alternatives.add(pattern);
            }
            for (com.fasterxml.jackson.databind.JsonNode alt : alternatives) {
                assertTrue(alt.has("source") && alt.has("detail-type"), name + " names a source and a detail-type");
                alt.get("source").forEach(s -> assertTrue(sources.contains(s.asText()), name + ": " + s));
                alt.get("detail-type").forEach(t -> assertTrue(detailTypes.contains(t.asText()), name + ": " + t));
            }
        }
    }
}
