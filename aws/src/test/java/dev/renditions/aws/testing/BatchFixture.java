package dev.renditions.aws.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.CEType;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.JQState;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.PlatformCapability;

/**
 * A job queue and an EC2 container job definition on moto's Batch (non-Docker mode: nothing runs, jobs just move
 * through their states). The compute environment is UNMANAGED, backed by an IAM service role created on moto.
 *
 * <p>EC2 with the legacy {@code vcpus}/{@code memory} fields, not {@code resourceRequirements}: moto 5.2.1 answers
 * DescribeJobs with {@code container.vcpus} as a float ({@code 1.0}) whenever the definition declares its vCPUs in
 * {@code resourceRequirements} (FARGATE definitions must, EC2 ones may), and the Java SDK cannot parse that. Tests
 * that register the project's real job definitions on moto hit the same gap when they call DescribeJobs.
 */
public record BatchFixture(
        String computeEnvironmentArn,
        String jobQueueName,
        String jobQueueArn,
        String jobDefinitionName,
        String jobDefinitionArn) {

    /** {@code name}: letters, digits, {@code -} and {@code _}; the command is {@code render --source Ref::source}. */
    public static BatchFixture create(MotoServer moto, String name) {
        return create(moto, name, List.of("render", "--source", "Ref::source"), Map.of());
    }

    /**
     * @param command the job definition's command ({@code Ref::name} placeholders allowed)
     * @param defaultParameters the job definition's default parameters
     */
    @SuppressWarnings("deprecation") // vcpus and memory: see the class comment
    public static BatchFixture create(
            MotoServer moto, String name, List<String> command, Map<String, String> defaultParameters) {
        String roleArn = moto.iam()
                .createRole(
                        b -> b.roleName(name + "-batch-service")
                                .assumeRolePolicyDocument(
                                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                                + "\"Principal\":{\"Service\":\"batch.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                .role()
                .arn();
        BatchClient batch = moto.batch();
        String ce = batch.createComputeEnvironment(b -> b.computeEnvironmentName(name + "-ce")
                        .type(CEType.UNMANAGED)
                        .state(CEState.ENABLED)
                        .serviceRole(roleArn))
                .computeEnvironmentArn();
        var queue = batch.createJobQueue(b -> b.jobQueueName(name + "-queue")
                .state(JQState.ENABLED)
                .priority(1)
                .computeEnvironmentOrder(ComputeEnvironmentOrder.builder()
                        .order(1)
                        .computeEnvironment(ce)
                        .build()));
        var def = batch.registerJobDefinition(b -> b.jobDefinitionName(name + "-def")
                .type(JobDefinitionType.CONTAINER)
                .platformCapabilities(PlatformCapability.EC2)
                .parameters(defaultParameters)
                .containerProperties(c -> c.image("renditions-worker:test")
                        .command(command)
                        .vcpus(1)
                        .memory(512)));
        return new BatchFixture(
                ce, queue.jobQueueName(), queue.jobQueueArn(), def.jobDefinitionName(), def.jobDefinitionArn());
    }

    /** DescribeJobs of one job. */
    public static JobDetail describe(MotoServer moto, String jobId) {
        List<JobDetail> jobs = moto.batch().describeJobs(b -> b.jobs(jobId)).jobs();
        if (jobs.size() != 1) {
            throw new IllegalStateException("expected one job " + jobId + ", found " + jobs.size());
        }
        return jobs.get(0);
    }

    /**
     * The ids of every job on the queue, whatever its status (array parents and, on moto, their children
     * {@code <id>:<index>}), sorted. ListJobs is asked once per status, as AWS lists only RUNNING jobs otherwise.
     */
    public List<String> jobIds(MotoServer moto) {
        return Arrays.stream(JobStatus.values())
                .filter(s -> s != JobStatus.UNKNOWN_TO_SDK_VERSION)
                .flatMap(
                        status -> moto
                                .batch()
                                .listJobsPaginator(b -> b.jobQueue(jobQueueName).jobStatus(status))
                                .jobSummaryList()
                                .stream())
                .map(s -> s.jobId())
                .distinct()
                .sorted()
                .toList();
    }
}
