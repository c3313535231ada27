CMD ["echo", "Please, close the brackets when you're done"
