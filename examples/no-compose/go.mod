module git.example.org/telemetry

go 1.25
