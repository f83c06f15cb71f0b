// Package queue fans corridor's long jobs (simulations, scenario sweeps) out
// to workers through a NATS JetStream work queue. Submit records the job as
// a run in the store and publishes it; Work, run by `corridor worker` on any
// number of machines, takes one job at a time, keeps its lease alive while
// it runs, writes the result to the store and only then acknowledges it.
// A worker that dies mid-job never acknowledges: JetStream redelivers the
// job to another worker when its lease (AckWait) runs out. A job whose run
// is already finished in the store is acknowledged without being run again,
// so a crash between the store write and the acknowledgement costs nothing.
package queue
