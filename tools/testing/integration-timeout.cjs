// Integration tests wait for real processes, brokers and databases; jest ignores a project-level
// testTimeout, so it is set here for every integration test file.
jest.setTimeout(120_000);
