def load(**kwargs): pass
