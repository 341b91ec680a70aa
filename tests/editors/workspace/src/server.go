package src

type RequestRouter struct {
	routes map[string]string
}

func (r *RequestRouter) Handle(path string) string {
	return r.routes[path]
}

func NewRequestRouter() *RequestRouter {
	return &RequestRouter{routes: map[string]string{}}
}
