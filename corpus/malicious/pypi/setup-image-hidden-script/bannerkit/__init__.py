def show(): return "banner"
