-- Layers (part 1 of issue 3). layers.last_version is the highest version a layer ever had: it never goes down,
-- so a version number is never reused, even after its version was deleted.
CREATE TABLE layers (
    name          VARCHAR(64) NOT NULL PRIMARY KEY,
    last_version  BIGINT      NOT NULL
);

CREATE TABLE layer_versions (
    name                        VARCHAR(64)  NOT NULL,
    version                     BIGINT       NOT NULL,
    description                 VARCHAR(256) NOT NULL,
    created_ms                  BIGINT       NOT NULL,
    compatible_runtimes_json    CLOB         NOT NULL,
    compatible_architectures_json CLOB       NOT NULL,
    license_info                VARCHAR(512),
    code_sha256_hex             CHAR(64)     NOT NULL,
    code_size                   BIGINT       NOT NULL,
    unzipped_size               BIGINT       NOT NULL,
    PRIMARY KEY (name, version)
);

-- A function's layers in /opt order, each with its own copy of the content key and sizes (JSON array).
ALTER TABLE functions ADD COLUMN layers_json CLOB DEFAULT '[]' NOT NULL;
