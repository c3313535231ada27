// Package consumer reads click events from Kafka (confluent-kafka-go, which links librdkafka through cgo).
package consumer

import (
	"log"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/example/clickstream/internal/events"
)

// Run consumes topic until stop is closed, handing every valid event to handle.
func Run(brokers, group, topic string, handle func(events.Click), stop <-chan struct{}) error {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": brokers,
		"group.id":          group,
		"auto.offset.reset": "earliest",
	})
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SubscribeTopics([]string{topic}, nil); err != nil {
		return err
	}
	for {
		select {
		case <-stop:
			return nil
		default:
		}
		msg, err := c.ReadMessage(500 * time.Millisecond)
		if err != nil {
			if kerr, ok := err.(kafka.Error); ok && kerr.IsTimeout() {
				continue
			}
			log.Printf("kafka: %v", err)
			continue
		}
		click, err := events.Decode(msg.Value)
		if err != nil {
			log.Printf("skip message at %v: %v", msg.TopicPartition, err)
			continue
		}
		handle(click)
	}
}
