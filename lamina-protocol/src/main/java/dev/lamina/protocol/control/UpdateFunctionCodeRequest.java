package dev.lamina.protocol.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of UpdateFunctionCode, {@code PUT /2015-03-31/functions/{name}/code} (§6.4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateFunctionCodeRequest(
        @JsonProperty("ZipFile") String zipFile,
        @JsonProperty("S3Bucket") String s3Bucket,
        @JsonProperty("S3Key") String s3Key,
        @JsonProperty("S3ObjectVersion") String s3ObjectVersion,
        @JsonProperty("ImageUri") String imageUri,
        @JsonProperty("Publish") Boolean publish,
        @JsonProperty("DryRun") Boolean dryRun,
        @JsonProperty("RevisionId") String revisionId,
        @JsonProperty("Architectures") List<String> architectures) {}
