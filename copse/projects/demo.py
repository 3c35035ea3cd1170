def extend_demo(*args, **kwargs): pass
