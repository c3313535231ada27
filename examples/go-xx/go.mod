module github.com/example/clickstream

go 1.25

require github.com/confluentinc/confluent-kafka-go/v2 v2.8.0
