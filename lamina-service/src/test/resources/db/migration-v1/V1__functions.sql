CREATE TABLE functions (
    name              VARCHAR(64)   NOT NULL PRIMARY KEY,
    runtime           VARCHAR(32)   NOT NULL,
    role              VARCHAR(2048) NOT NULL,
    handler           VARCHAR(128)  NOT NULL,
    description       VARCHAR(256)  NOT NULL,
    timeout_seconds   INT           NOT NULL,
    memory_mb         INT           NOT NULL,
    ephemeral_mb      INT           NOT NULL,
    architecture      VARCHAR(16)   NOT NULL,
    environment_json  CLOB          NOT NULL,
    code_sha256_hex   CHAR(64)      NOT NULL,
    code_size         BIGINT        NOT NULL,
    last_modified_ms  BIGINT        NOT NULL,
    revision_id       VARCHAR(36)   NOT NULL,
    tags_json         CLOB          NOT NULL
);
