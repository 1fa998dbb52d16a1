-- Reserved concurrency (issue 5, part 2): one row per function that has a reservation. Deleting the function
-- deletes its reservation, as on Lambda.
CREATE TABLE function_concurrency (
    name      VARCHAR(64) NOT NULL PRIMARY KEY,
    reserved  INT         NOT NULL,
    FOREIGN KEY (name) REFERENCES functions (name) ON DELETE CASCADE
);
