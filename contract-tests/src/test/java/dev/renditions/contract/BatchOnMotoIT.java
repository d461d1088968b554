package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.renditions.aws.testing.MotoExtension;
import dev.renditions.aws.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every file of {@code batch-job-definitions/} goes through the AWS CLI ({@code --cli-input-json}) into moto's Batch,
 * in the documented order, and a dispatcher-style submission lands on the queue with the definition's defaults.
 *
 * <p>moto workarounds, not AWS behaviour: moto requires {@code serviceRole} on a managed compute environment (AWS uses
 * its service-linked role when it is omitted, as our files do), and the roles, subnets, security group and instance
 * profile must exist in moto.
 */
@ExtendWith(MotoExtension.class)
class BatchOnMotoIT {
    static MotoServer moto;
    static Map<String, String> values;

    @BeforeAll
    static void setUp(MotoServer server) {
        moto = server;
        String trust = Repo.read(Repo.IAM.resolve("trust-ecs-tasks.json"));
        String jobRole = arn(
                AwsCli.run(
                        moto,
                        "iam",
                        "create-role",
                        "--role-name",
                        "renditions-worker-job",
                        "--assume-role-policy-document",
                        trust),
                "Role");
        String execRole = arn(
                AwsCli.run(
                        moto,
                        "iam",
                        "create-role",
                        "--role-name",
                        "renditions-worker-execution",
                        "--assume-role-policy-document",
                        trust),
                "Role");
        AwsCli.run(
                        moto,
                        "iam",
                        "create-role",
                        "--role-name",
                        "AWSServiceRoleForBatch",
                        "--path",
                        "/aws-service-role/batch.amazonaws.com/",
                        "--assume-role-policy-document",
                        trust)
                .requireSuccess();
        String profile = arn(
                AwsCli.run(moto, "iam", "create-instance-profile", "--instance-profile-name", "ecsInstanceRole"),
                "InstanceProfile");
        JsonNode subnets = Repo.parse(AwsCli.run(moto, "ec2", "describe-subnets")
                        .requireSuccess()
                        .stdout())
                .path("Subnets");
        String sg = Repo.parse(AwsCli.run(moto, "ec2", "describe-security-groups")
                        .requireSuccess()
                        .stdout())
                .path("SecurityGroups")
                .get(0)
                .path("GroupId")
                .asText();
        values = Templates.example(Map.of(
                "ACCOUNT_ID", MotoServer.ACCOUNT,
                "JOB_ROLE_ARN", jobRole,
                "EXECUTION_ROLE_ARN", execRole,
                "INSTANCE_PROFILE_ARN", profile,
                "SUBNET_ID_A", subnets.get(0).path("SubnetId").asText(),
                "SUBNET_ID_B", subnets.get(1).path("SubnetId").asText(),
                "SECURITY_GROUP_ID", sg));
    }

    private static String arn(Processes.Result r, String field) {
        return Repo.parse(r.requireSuccess().stdout()).path(field).path("Arn").asText();
    }

    private static Path rendered(String file, boolean withServiceRole) throws IOException {
        JsonNode json = Templates.renderJson(Repo.BATCH.resolve(file), values);
        if (withServiceRole) {
            ((ObjectNode) json)
                    .put(
                            "serviceRole",
                            "arn:aws:iam::" + MotoServer.ACCOUNT
                                    + ":role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch");
        }
        Path p = Files.createTempFile("batch-", ".json");
        p.toFile().deleteOnExit();
        return Files.writeString(p, json.toString());
    }

    private static JsonNode cli(String... args) {
        return Repo.parse(AwsCli.run(moto, args).requireSuccess().stdout());
    }

    @Test
    void everyFileRegistersAndADispatcherSubmissionUsesTheDefaults() throws IOException {
        for (String ce : List.of(
                "compute-environment-fargate-spot.json",
                "compute-environment-fargate.json",
                "compute-environment-ec2-spot.json")) {
            JsonNode out =
                    cli("batch", "create-compute-environment", "--cli-input-json", "file://" + rendered(ce, true));
            assertTrue(out.path("computeEnvironmentArn").asText().startsWith("arn:aws:batch:"), ce);
        }
        for (String q : List.of("job-queue-fargate.json", "job-queue-ec2.json")) {
            JsonNode out = cli("batch", "create-job-queue", "--cli-input-json", "file://" + rendered(q, false));
            assertTrue(out.path("jobQueueArn").asText().contains(":job-queue/"), q);
        }
        Map<String, JsonNode> registered = new LinkedHashMap<>();
        for (String def : List.of(
                "worker-fargate.json", "worker-ec2.json", "worker-manifest-fargate.json", "worker-manifest-ec2.json")) {
            JsonNode out =
                    cli("batch", "register-job-definition", "--cli-input-json", "file://" + rendered(def, false));
            registered.put(def, out);
            assertEquals(1, out.path("revision").asInt(), def);
        }

        JsonNode described = cli(
                        "batch",
                        "describe-job-definitions",
                        "--job-definition-name",
                        "renditions-worker",
                        "--status",
                        "ACTIVE")
                .path("jobDefinitions")
                .get(0);
        JsonNode local = Templates.renderJson(JobDefinitions.FARGATE, values);
        assertEquals(JobDefinitions.command(local), JobDefinitions.command(described));
        assertEquals(local.path("parameters"), described.path("parameters"));
        // moto echoes evaluateOnExit actions in lower case (AWS treats them case-insensitively)
        described.path("retryStrategy").path("evaluateOnExit").forEach(e -> ((ObjectNode) e)
                .put("action", e.path("action").asText().toUpperCase(java.util.Locale.ROOT)));
        assertEquals(local.path("retryStrategy"), described.path("retryStrategy"));
        assertEquals(local.path("timeout"), described.path("timeout"));

        JsonNode queues = cli("batch", "describe-job-queues", "--job-queues", "renditions")
                .path("jobQueues");
        JsonNode order = queues.get(0).path("computeEnvironmentOrder");
        assertEquals(2, order.size());

        Map<String, String> params = BatchJobDefinitionsTest.DISPATCHER_SUBMISSION;
        JsonNode submitted = cli(
                "batch",
                "submit-job",
                "--job-name",
                "uploads_holiday_photos_IMG_0001_1_JPG-d41d8cd9",
                "--job-queue",
                "renditions",
                "--job-definition",
                "renditions-worker",
                "--array-properties",
                "size=3",
                "--parameters",
                Repo.JSON.valueToTree(params).toString(),
                "--tags",
                "application=renditions");
        String jobId = submitted.path("jobId").asText();
        JsonNode job =
                cli("batch", "describe-jobs", "--jobs", jobId).path("jobs").get(0);
        assertEquals(3, job.path("arrayProperties").path("size").asInt(), job.toString());
        params.forEach((k, v) -> assertEquals(v, job.path("parameters").path(k).asText(), k));

        // the manifest form, as worker backfill submits a chunk
        JsonNode manifestDef = cli(
                        "batch",
                        "describe-job-definitions",
                        "--job-definition-name",
                        "renditions-worker-manifest",
                        "--status",
                        "ACTIVE")
                .path("jobDefinitions")
                .get(0);
        JsonNode manifestLocal = Templates.renderJson(JobDefinitions.MANIFEST_FARGATE, values);
        assertEquals(JobDefinitions.command(manifestLocal), JobDefinitions.command(manifestDef));
        assertEquals(manifestLocal.path("parameters"), manifestDef.path("parameters"));
        assertEquals(manifestLocal.path("timeout"), manifestDef.path("timeout"));
        Map<String, String> chunk = BatchJobDefinitionsTest.PLANNER_SUBMISSION;
        String backfillId = cli(
                        "batch",
                        "submit-job",
                        "--job-name",
                        dev.renditions.worker.backfill.BackfillPlanner.jobName(
                                BatchJobDefinitionsTest.PLAN.planId(), 0),
                        "--job-queue",
                        "renditions",
                        "--job-definition",
                        "renditions-worker-manifest",
                        "--array-properties",
                        "size=1000",
                        "--parameters",
                        Repo.JSON.valueToTree(chunk).toString())
                .path("jobId")
                .asText();
        JsonNode backfill =
                cli("batch", "describe-jobs", "--jobs", backfillId).path("jobs").get(0);
        assertEquals(1000, backfill.path("arrayProperties").path("size").asInt(), backfill.toString());
        chunk.forEach(
                (k, v) -> assertEquals(v, backfill.path("parameters").path(k).asText(), k));
    }
}
