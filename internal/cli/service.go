package cli

import (
	"context"
	"math"

	"corridor/service"
	"corridor/store"
)

// newService loads the network in dir (the bundled one when empty) into a
// service; withStore opens the store dsn too, for stored scenarios. done
// closes the store.
func newService(ctx context.Context, dir, dsn string, withStore bool) (*service.Service, func(), error) {
	g, _, err := loadNetwork(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	var st store.Store
	done := func() {}
	if withStore {
		if st, err = openStore(ctx, dsn); err != nil {
			return nil, nil, err
		}
		done = func() { st.Close() }
	}
	svc := service.New(service.Config{Graph: g, Store: st, MaxAssignIter: math.MaxInt32})
	return svc, done, nil
}
