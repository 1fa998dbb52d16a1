-- LoggingConfig (issue 4, part 1): the function's log format, levels and log group, as JSON; NULL (functions
-- created before) means Lambda's default, Text to /aws/lambda/<name>.
ALTER TABLE functions ADD COLUMN logging_json VARCHAR(1024);
