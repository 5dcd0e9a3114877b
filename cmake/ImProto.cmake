# im_generate_proto(<out_dir>): the protoc rule for proto/im.proto, producing
# <out_dir>/im/wire/im.pb.{cc,h}. Shared by libim and the fuzz build, which compiles only the
# generated code and the codec instead of all of libim.
function(im_generate_proto out_dir)
  set(proto ${PROJECT_SOURCE_DIR}/proto/im.proto)
  file(MAKE_DIRECTORY ${out_dir}/im/wire)
  add_custom_command(
    OUTPUT ${out_dir}/im/wire/im.pb.cc ${out_dir}/im/wire/im.pb.h
    COMMAND protobuf::protoc --cpp_out=${out_dir}/im/wire -I ${PROJECT_SOURCE_DIR}/proto ${proto}
    DEPENDS ${proto}
    COMMENT "protoc im.proto")
endfunction()
