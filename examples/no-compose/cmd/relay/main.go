// Command relay accepts newline-delimited telemetry over TCP and spools it to disk.
package main

import (
	"bufio"
	"flag"
	"log"
	"net"

	"git.example.org/telemetry/internal/spool"
)

func main() {
	listen := flag.String("listen", ":7000", "TCP address to accept telemetry on")
	dir := flag.String("spool", "/var/lib/archive/spool", "spool directory")
	flag.Parse()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("relay listening on %s", *listen)
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Printf("accept: %v", err)
			continue
		}
		go func(c net.Conn) {
			defer c.Close()
			scanner := bufio.NewScanner(c)
			for scanner.Scan() {
				if err := spool.Append(*dir, scanner.Bytes()); err != nil {
					log.Printf("spool: %v", err)
					return
				}
			}
		}(conn)
	}
}
